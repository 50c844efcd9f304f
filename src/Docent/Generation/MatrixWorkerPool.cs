using System.Diagnostics;

namespace Docent.Generation;

/// <summary>
/// Persistent worker threads for <see cref="MatrixMultiplier"/>: a product is published by bumping a generation
/// counter; workers spin on it for a while (products come every few microseconds while a token runs) and then sleep
/// on an event, so an idle model costs no CPU. The caller runs share 0 itself and spins until the workers are done.
/// One caller at a time: not thread-safe. Workers hold no reference to the multiplier, so an undisposed multiplier
/// is still finalised and stops them.
/// </summary>
internal sealed class MatrixWorkerPool : IDisposable
{
    /// <summary>How long an idle worker spins before it sleeps.</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _wake;
    private readonly int[] _sleeping;
    private Action<int>? _work;
    private int _generation;
    private int _pending;
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

    /// <summary>Runs <paramref name="work"/>(0) on the calling thread and <paramref name="work"/>(1..workers) on the workers; returns when all are done.</summary>
    public void Run(Action<int> work)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = work;
        _failure = null;
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation);
        WakeSleepers();
        Exception? own = null;
        try
        {
            work(0);
        }
        catch (Exception e)
        {
            own = e;
        }

        var spinner = default(SpinWait);
        while (Volatile.Read(ref _pending) != 0)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        _work = null;
        if ((own ?? _failure) is { } failure)
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
        Interlocked.Increment(ref _generation);
        foreach (var wake in _wake)
        {
            wake.Set();
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

    private void Loop(int index)
    {
        var seen = Volatile.Read(ref _generation);
        while (true)
        {
            var idleSince = Stopwatch.GetTimestamp();
            int generation;
            while ((generation = Volatile.Read(ref _generation)) == seen)
            {
                if (Stopwatch.GetTimestamp() - idleSince < SpinTicks)
                {
                    Thread.SpinWait(16);
                    continue;
                }

                // Announce the sleep, then look again: either Run sees the flag or we see its new generation.
                Interlocked.Exchange(ref _sleeping[index], 1);
                if (Volatile.Read(ref _generation) != seen)
                {
                    Interlocked.Exchange(ref _sleeping[index], 0);
                    break;
                }

                _wake[index].Wait();
                _wake[index].Reset();
            }

            if (_stopping)
            {
                return;
            }

            seen = Volatile.Read(ref _generation);
            try
            {
                _work!(index + 1);
            }
            catch (Exception e)
            {
                _failure = e;
            }

            Interlocked.Decrement(ref _pending);
        }
    }
}
