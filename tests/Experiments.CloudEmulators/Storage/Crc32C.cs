namespace Experiments.CloudEmulators.Storage;

/// <summary>CRC-32C (Castagnoli), the checksum GCS reports as <c>crc32c</c>: base64 of the big-endian value.</summary>
internal static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return ~crc;
    }

    public static string Base64(ReadOnlySpan<byte> data)
    {
        var value = Compute(data);
        return Convert.ToBase64String([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
                entry = (entry & 1) != 0 ? (entry >> 1) ^ 0x82F63B78u : entry >> 1;
            table[i] = entry;
        }
        return table;
    }
}
