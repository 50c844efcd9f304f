using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Docent.Generation;

/// <summary>
/// Persistent worker threads for <see cref="MatrixMultiplier"/>. A product is cut into chunks that the calling thread
/// and the workers claim one at a time from a single atomic word (generation, chunk count, next chunk), so the caller
/// never waits for a worker that has not started (on a busy machine it simply does more chunks itself); it waits only
/// for chunks already claimed. Idle workers spin for a millisecond (products come every few microseconds while a token
/// runs) and then sleep on an event, so an idle model costs no CPU. One caller at a time: not thread-safe. Workers hold
/// no reference to the multiplier, so an undisposed multiplier is still finalised and stops them.
/// </summary>
internal sealed class MatrixWorkerPool : IDisposable
{
    /// <summary>The most chunks one product can be cut into (the chunk fields of the state word are 16 bits).</summary>
    public const int MaxChunks = 0xFFFF;

    /// <summary>How long an idle worker spins before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _wake;
    private readonly int[] _sleeping;
    private Action<int>? _work;

    /// <summary>Generation (bits 63-32), chunk count (31-16), next unclaimed chunk (15-0).</summary>
    private long _state;
    private int _done;
    private volatile bool _stopping;
    private Exception? _failure;

    public MatrixWorkerPool(int workers)
    {
        _threads = new Thread[workers];
        _wake = new ManualResetEventSlim[workers];
        _sleeping = new int[workers];
        for (var i = 0; i < workers; i++)
        {
            _wake[i] = new ManualResetEventSlim(false, spinCount: 0);
            var index = i;
            _threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"Docent matmul {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <paramref name="work"/>(c) for every chunk c below <paramref name="chunks"/>, on this thread and the workers; returns when all are done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int chunks, Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunks, MaxChunks);
        _work = work;
        _failure = null;
        Volatile.Write(ref _done, 0);
        var generation = (Volatile.Read(ref _state) >> 32) + 1 & 0x7FFFFFFF;
        Interlocked.Exchange(ref _state, (generation << 32) | ((long)chunks << 16)); // publishes the fields above
        WakeSleepers();
        RunChunks(generation);
        var spins = 0;
        while (Volatile.Read(ref _done) != chunks)
        {
            // Only chunks a worker has claimed remain: spin, yielding now and then in case it was descheduled.
            if (++spins % 4096 == 0)
            {
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(4);
            }
        }

        _work = null;
        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        foreach (var wake in _wake)
        {
            wake.Set();
        }
    }

    private static bool HasWork(long state) => (state & 0xFFFF) < ((state >> 16) & 0xFFFF);

    /// <summary>Claims and runs chunks of <paramref name="generation"/> until none are left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunChunks(long generation)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state >> 32 != generation || !HasWork(state))
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) != state)
            {
                continue;
            }

            // A claimed chunk keeps its product from completing, so _work is still this generation's.
            try
            {
                _work!((int)(state & 0xFFFF));
            }
            catch (Exception e)
            {
                _failure ??= e;
            }

            Interlocked.Increment(ref _done);
        }
    }

    private void WakeSleepers()
    {
        for (var i = 0; i < _sleeping.Length; i++)
        {
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1)
            {
                _wake[i].Set();
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Loop(int index)
    {
        var idleSince = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            var state = Volatile.Read(ref _state);
            if (HasWork(state))
            {
                RunChunks(state >> 32);
                idleSince = Stopwatch.GetTimestamp();
                continue;
            }

            if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
            {
                Thread.SpinWait(8);
                continue;
            }

            // Announce the sleep, then look again: either Run sees the flag or we see its work.
            Interlocked.Exchange(ref _sleeping[index], 1);
            if (HasWork(Volatile.Read(ref _state)) || _stopping)
            {
                Interlocked.Exchange(ref _sleeping[index], 0);
                continue;
            }

            _wake[index].Wait();
            _wake[index].Reset();
            idleSince = Stopwatch.GetTimestamp();
        }
    }
}
