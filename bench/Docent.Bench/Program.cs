using Docent.Bench;

return args.FirstOrDefault() switch
{
    "ingest-large" when args.Length >= 2 => await LargeFileBenchmark.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage (retrieval and answer quality are measured by `docent eval`, not here):
          dotnet run --project bench/Docent.Bench -c Release -- ingest-large MEGABYTES
              generate one plain-text file of that size, ingest it, print time and peak memory
        """);
    return 1;
}
