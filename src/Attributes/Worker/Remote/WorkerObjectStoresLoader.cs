namespace Experiments.Worker.Remote;

/// <summary>
/// Finds <c>Experiments.Stores</c> in the app by name. The cloud libraries it needs are large, so only apps published
/// for a cloud backend carry it; an app without it cannot use an object store, and says how to fix that.
/// </summary>
internal static class WorkerObjectStoresLoader
{
    public const string TypeName = "Experiments.Stores.WorkerObjectStores, Experiments.Stores";

    public static IWorkerObjectStores Load(Uri location)
    {
        Type? type;
        try
        {
            type = Type.GetType(TypeName, throwOnError: false);
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException)
        {
            throw new WorkerInvocationException(
                $"The result store {RemoteLocation.Display(location)} is in object storage, but Experiments.Stores could not be loaded ({e.Message}).");
        }
        if (type is null)
            throw new WorkerInvocationException(
                $"The result store {RemoteLocation.Display(location)} is in object storage, but this app was not published by a cloud " +
                "backend: it lacks Experiments.Stores. Build or publish it with -p:ExperimentsCloudStores=true (the cloud backends do), " +
                "or give the worker a directory store.");
        return (IWorkerObjectStores)Activator.CreateInstance(type)!;
    }
}
