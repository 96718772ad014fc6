using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Experiments.Points;

/// <summary>
/// Seeds are derived, not drawn: SHA-256 of the experiment name and the point key, so a point gets the same seed on
/// every machine, operating system and .NET version, and a re-run reproduces it.
/// </summary>
public static class Seeds
{
    public static int Derive(string experimentName, string pointKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(experimentName + "\u001f" + pointKey), hash);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(hash) & 0x7FFF_FFFF);
    }
}
