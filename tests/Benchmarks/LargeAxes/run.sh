#!/usr/bin/env bash
# A million-value axis must compile like a small one: builds the same two-experiment project with
#   small       [Range(0, 9, 1)] int i          and [Replicates(10)] int replicate
#   range       [Range(0, 999999, 1)] int i     and [Replicates(10)] int replicate
#   replicates  [Range(0, 9, 1)] int i          and [Replicates(1000000)] int replicate
#   both        [Range(0, 999999, 1)] int i     and [Replicates(1000000)] int replicate
# and reports, side by side with the ratio to `small`: build time of the project alone (best of RUNS, a full rebuild of
# that one project, compiler in its own process so its memory is counted) as wall time and as CPU time (user + system,
# steadier than wall time on a shared machine), the largest process's peak memory, the generated source
# (EmitCompilerGeneratedFiles), the manifest and the assembly.
# Usage: tests/Benchmarks/LargeAxes/run.sh [RUNS] [REPOSITORY]
#   REPOSITORY (default: this one) is the tree whose generator is measured, e.g. an export of an older commit:
#   git archive <commit> | tar -x -C /tmp/before && tests/Benchmarks/LargeAxes/run.sh 3 /tmp/before
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "${2:-$here/../../..}" && pwd)"
runs="${1:-3}"
work="$root/tests/Benchmarks/LargeAxes/work"   # ignored by git
results="$here/results.md"

variant() { # name range-count replicate-count
  local dir="$work/$1"
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/Directory.Build.props" <<XML
<Project>
  <Import Project="\$([MSBuild]::GetPathOfFileAbove('Directory.Build.props', '\$(MSBuildThisFileDirectory)../'))" />
  <Import Project="$root/nuget/InRepo/Experiments.InRepo.props" />
</Project>
XML
  cat > "$dir/Directory.Build.targets" <<XML
<Project>
  <Import Project="$root/nuget/InRepo/Experiments.InRepo.targets" />
</Project>
XML
  cat > "$dir/LargeAxes.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Exe</OutputType>
    <IsPackable>false</IsPackable>
    <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
    <CompilerGeneratedFilesOutputPath>generated</CompilerGeneratedFilesOutputPath>
  </PropertyGroup>
  <ItemGroup>
    <Compile Remove="generated/**" />
    <PackageReference Include="xunit.v3" />
    <PackageReference Include="xunit.runner.visualstudio" />
    <PackageReference Include="Microsoft.NET.Test.Sdk" />
  </ItemGroup>
</Project>
XML
  cat > "$dir/Draws.cs" <<CS
using Experiments;

namespace LargeAxes;

public class Draws
{
    [Experiment]
    public double Sweep([Range(0, $(( $2 - 1 )), 1)] int i) => Math.Sqrt(i);

    [Experiment]
    public double MonteCarlo([Replicates($3)] int replicate, ExperimentContext context) => new Random(context.Seed).NextDouble() + replicate;
}
CS
}

variant small 10 10
variant range 1000000 10
variant replicates 10 1000000
variant both 1000000 1000000

# The runtime, generator and build task once, and every variant restored, so a measured build compiles one project.
dotnet build "$work/small/LargeAxes.csproj" -c Release -nologo -v q >/dev/null
for v in small range replicates both; do dotnet restore "$work/$v/LargeAxes.csproj" -nologo -v q >/dev/null; done

declare -A seconds cpu memory generated manifest assembly
for v in small range replicates both; do
  best=""; best_cpu=""; peak=0
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$work/$v/generated"
    # Rebuild of this project only; no compiler server or build nodes, so the compiler's memory is this process tree's.
    /usr/bin/time -f "%e %U %S %M" -o "$work/$v/time.txt" \
      dotnet build "$work/$v/LargeAxes.csproj" -c Release -nologo -v q --no-restore --no-dependencies --no-incremental \
      -nodeReuse:false -p:UseSharedCompilation=false >/dev/null
    read -r wall user system kib < "$work/$v/time.txt"
    used=$(awk "BEGIN{print $user + $system}")
    if [[ -z "$best" ]] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    if [[ -z "$best_cpu" ]] || awk "BEGIN{exit !($used < $best_cpu)}"; then best_cpu=$used; fi
    (( kib > peak )) && peak=$kib
  done
  seconds[$v]=$best
  cpu[$v]=$best_cpu
  memory[$v]=$(( peak / 1024 ))
  generated[$v]=$(find "$work/$v/generated" -name '*.cs' -printf '%s\n' | awk '{s += $1} END {print s}')
  manifest[$v]=$(stat -c %s "$work/$v/bin/Release/net10.0/experiments.manifest.json")
  assembly[$v]=$(stat -c %s "$work/$v/bin/Release/net10.0/LargeAxes.dll")
done

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
{
  echo "| variant | build, wall [s] | × small | build, CPU [s] | × small | peak memory [MiB] | × small | generated C# [bytes] | × small | manifest [bytes] | assembly [bytes] | × small |"
  echo "|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for v in small range replicates both; do
    echo "| $v | ${seconds[$v]} | $(ratio "${seconds[$v]}" "${seconds[small]}") | ${cpu[$v]} | $(ratio "${cpu[$v]}" "${cpu[small]}") | ${memory[$v]} | $(ratio "${memory[$v]}" "${memory[small]}") | ${generated[$v]} | $(ratio "${generated[$v]}" "${generated[small]}") | ${manifest[$v]} | ${assembly[$v]} | $(ratio "${assembly[$v]}" "${assembly[small]}") |"
  done
  echo
  echo "Differences from small: $(for v in range replicates both; do
    printf '%s %+.2f s wall, %+.2f s CPU, %+d bytes generated, %+d bytes of assembly; ' "$v" \
      "$(awk "BEGIN{print ${seconds[$v]} - ${seconds[small]}}")" "$(awk "BEGIN{print ${cpu[$v]} - ${cpu[small]}}")" \
      $(( generated[$v] - generated[small] )) $(( assembly[$v] - assembly[small] ))
  done)"
} | tee "$results"
echo "Figures written to $results (best of $runs builds per variant; repository $root)"
