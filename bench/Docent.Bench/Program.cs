using Docent.Bench;

return args.FirstOrDefault() switch
{
    "beir" when args.Length >= 2 => await BeirRetrievalBenchmark.RunAsync(args[1], args.Length >= 3 ? args[2] : "test"),
    "ingest-large" when args.Length >= 2 => await LargeFileBenchmark.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          dotnet run --project bench/Docent.Bench -c Release -- beir DATASET_DIR [split]
              ingest a BEIR corpus (one Markdown document per entry: '# title' then text) through the real
              pipeline, run every judged query, print nDCG@10 and Recall@100 (trec_eval definitions)
          dotnet run --project bench/Docent.Bench -c Release -- ingest-large MEGABYTES
              generate one plain-text file of that size, ingest it, print time and peak memory
        """);
    return 1;
}
