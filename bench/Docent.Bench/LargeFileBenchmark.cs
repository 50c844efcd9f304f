using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Docent.Hosting;
using Docent.Ingestion;

namespace Docent.Bench;

/// <summary>
/// Ingests one large generated plain-text file and reports time and peak memory, to show that the text
/// path streams (memory grows with the index, not with the file held whole).
/// </summary>
internal static class LargeFileBenchmark
{
    public static async Task<int> RunAsync(int megabytes)
    {
        var root = Path.Combine(Path.GetTempPath(), "docent-bench-large-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            var path = Path.Combine(root, "large.txt");
            var random = new Random(42);
            var words = Enumerable.Range(0, 20_000).Select(i => "w" + i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
            {
                var target = (long)megabytes << 20;
                var sentence = new StringBuilder();
                long written = 0;
                while (written < target)
                {
                    sentence.Clear();
                    for (var s = 0; s < 5; s++)
                    {
                        var length = random.Next(8, 20);
                        for (var w = 0; w < length; w++)
                        {
                            sentence.Append(w == 0 ? "The " : " ").Append(words[(int)Math.Min(words.Length - 1, -Math.Log(1 - random.NextDouble()) * 2000)]);
                        }

                        sentence.Append(". ");
                    }

                    sentence.Append("\n\n");
                    await writer.WriteAsync(sentence);
                    written += sentence.Length;
                }
            }

            var before = Process.GetCurrentProcess().PeakWorkingSet64;
            var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = Path.Combine(root, "data") });
            var report = await folder.CreateIngestionPipeline().IngestAsync([path], new IngestOptions { MaxFileBytes = long.MaxValue });
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                fileMb = new FileInfo(path).Length >> 20,
                chunks = report.Chunks,
                failed = report.Failed.Count,
                seconds = Math.Round(report.Elapsed.TotalSeconds, 1),
                mbPerSecond = Math.Round((new FileInfo(path).Length >> 20) / report.Elapsed.TotalSeconds, 2),
                peakWorkingSetMb = peak >> 20,
                peakBeforeIngestMb = before >> 20,
            }));
            return report.Failed.Count == 0 ? 0 : 2;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
