using Xunit;

namespace Experiments.Packaging.Tests.Package;

/// <summary>
/// The test classes that use the packed package share one <see cref="PackageFeed"/>: packing the package and the tool
/// takes a minute or more, and every class needs the same packages.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PackedPackageCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Packed package";
}
