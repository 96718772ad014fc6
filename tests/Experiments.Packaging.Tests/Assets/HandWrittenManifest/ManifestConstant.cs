namespace Experiments.Generated
{
    internal static class ExperimentsManifest
    {
        public const string Json = "{\"schema\":1,\"generator\":\"hand\",\"assembly\":\"HandWrittenManifest\",\"experiments\":[]}";
    }
}
