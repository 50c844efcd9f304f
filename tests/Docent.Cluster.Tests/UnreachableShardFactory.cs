using Docent.Ingestion;
using Docent.Retrieval;
using Docent.Storage;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace Docent.Cluster.Tests;

/// <summary>
/// The cluster's grain factory, except that the shards <paramref name="unreachable"/> names answer every call as a lost
/// silo does (<see cref="SiloUnavailableException"/>): a shard that never comes back, without waiting for a real one to time out.
/// </summary>
internal sealed class UnreachableShardFactory(IGrainFactory inner, Func<string, bool> unreachable) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey =>
        typeof(TGrainInterface) == typeof(IShardGrain) && unreachable(primaryKey)
            ? (TGrainInterface)(object)new UnreachableShard()
            : inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerKey => inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidCompoundKey => inner.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    public TGrainInterface GetGrain<TGrainInterface>(long primaryKey, string keyExtension, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithIntegerCompoundKey => inner.GetGrain<TGrainInterface>(primaryKey, keyExtension, grainClassNamePrefix);

    public TGrainObserverInterface CreateObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => inner.CreateObjectReference<TGrainObserverInterface>(obj);

    public void DeleteObjectReference<TGrainObserverInterface>(IGrainObserver obj)
        where TGrainObserverInterface : IGrainObserver => inner.DeleteObjectReference<TGrainObserverInterface>(obj);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey) => inner.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey) => inner.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, string grainPrimaryKey) => inner.GetGrain(grainInterfaceType, grainPrimaryKey);

    public IGrain GetGrain(Type grainInterfaceType, Guid grainPrimaryKey, string keyExtension) => inner.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    public IGrain GetGrain(Type grainInterfaceType, long grainPrimaryKey, string keyExtension) => inner.GetGrain(grainInterfaceType, grainPrimaryKey, keyExtension);

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => inner.GetGrain<TGrainInterface>(grainId);

    public IAddressable GetGrain(GrainId grainId) => inner.GetGrain(grainId);

    public IAddressable GetGrain(GrainId grainId, GrainInterfaceType interfaceType) => inner.GetGrain(grainId, interfaceType);

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey) => inner.GetGrain(interfaceType, grainKey);

    public IAddressable GetGrain(Type interfaceType, IdSpan grainKey, string grainClassNamePrefix) => inner.GetGrain(interfaceType, grainKey, grainClassNamePrefix);

    /// <summary>A shard whose silo is gone.</summary>
    private sealed class UnreachableShard : IShardGrain
    {
        public Task<Immutable<ShardStatistics>> GetStatisticsAsync(Immutable<string[]> terms, CancellationToken cancellationToken = default) => Lost<Immutable<ShardStatistics>>();

        public Task<Immutable<ShardHits>> SearchLexicalAsync(
            Immutable<WeightedTerm[]> terms, Immutable<LexicalStatistics> statistics, int top, CancellationToken cancellationToken = default) => Lost<Immutable<ShardHits>>();

        public Task<Immutable<ScoredKey[]>> SearchVectorsAsync(Immutable<float[]> query, int top, CancellationToken cancellationToken = default) => Lost<Immutable<ScoredKey[]>>();

        public Task<Immutable<RetrievedChunk[]>> FetchAsync(Immutable<ScoredKey[]> hits, CancellationToken cancellationToken = default) => Lost<Immutable<RetrievedChunk[]>>();

        public Task<DocumentIngestResult[]> IngestAsync(ShardDocument[] documents, CancellationToken cancellationToken = default) => Lost<DocumentIngestResult[]>();

        public Task<DocumentRecord?> RemoveAsync(string idOrSource, CancellationToken cancellationToken = default) => Lost<DocumentRecord?>();

        public Task MoveAsync(SiloAddress silo, CancellationToken cancellationToken = default) => Lost<bool>();

        public Task<DocumentRecord[]> ListDocumentsAsync(CancellationToken cancellationToken = default) => Lost<DocumentRecord[]>();

        public Task<DocumentRecord?> FindDocumentAsync(string idOrSource, CancellationToken cancellationToken = default) => Lost<DocumentRecord?>();

        public Task<StoreStatistics> GetStoreStatisticsAsync(CancellationToken cancellationToken = default) => Lost<StoreStatistics>();

        public Task<ShardSummary> GetSummaryAsync(CancellationToken cancellationToken = default) => Lost<ShardSummary>();

        private static Task<T> Lost<T>() => Task.FromException<T>(new SiloUnavailableException("The silo holding this shard is gone."));
    }
}
