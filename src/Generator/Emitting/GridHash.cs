using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Experiments.Generator.Model;

namespace Experiments.Generator.Emitting;

/// <summary>
/// The grid hash of docs/internals.md: the first 16 lowercase hex characters of SHA-256 over, for each axis in order,
/// <c>name\ntype\ncount\n</c> and each value text followed by <c>\n</c> (UTF-8); a range or replicates axis contributes
/// <c>start=S\nstep=D\n</c> in place of its values. Equal grids, equal hashes; a worker
/// refuses a plan made for another grid.
/// </summary>
internal static class GridHash
{
    public static string Of(ImmutableEquatableArray<AxisSpec> axes)
    {
        var text = new StringBuilder();
        foreach (var axis in axes)
        {
            text.Append(axis.Name).Append('\n')
                .Append(axis.ManifestType).Append('\n')
                .Append(axis.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            if (axis.Progression is { } progression)
            {
                // Its start and step, not its values: they determine the values, and hashing a million texts would cost
                // every build a second. "start=" cannot begin a listed number, so the two forms never collide.
                text.Append("start=").Append(progression.StartText).Append('\n')
                    .Append("step=").Append(progression.StepText).Append('\n');
                continue;
            }
            foreach (var value in axis.ValueTexts)
                text.Append(value).Append('\n');
        }
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
        var hex = new StringBuilder(16);
        for (var i = 0; i < 8; i++)
            hex.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
        return hex.ToString();
    }
}
