namespace Experiments.TestSupport.Containers;

/// <summary>A host directory seen inside the container at <paramref name="ContainerPath"/> (an absolute path).</summary>
public sealed record BindMount(string HostPath, string ContainerPath);
