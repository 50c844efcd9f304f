using Docent.SampleBuilder;

// Usage: dotnet run --project tools/SampleBuilder [output folder, default samples/handbook]
var output = args.Length > 0 ? args[0] : Path.Combine("samples", "handbook");
Directory.CreateDirectory(output);

Write("travel-and-expenses.pdf", HandbookPdfWriter.Write(HandbookContent.TravelTitle, HandbookContent.Travel));
Write("leave-policy.docx", HandbookDocxWriter.Write(HandbookContent.LeaveTitle, HandbookContent.Leave));
return 0;

void Write(string name, byte[] bytes)
{
    const int Limit = 100 * 1024;
    if (bytes.Length >= Limit)
    {
        throw new InvalidOperationException($"{name} is {bytes.Length} bytes; samples must stay under {Limit}.");
    }

    var path = Path.Combine(output, name);
    File.WriteAllBytes(path, bytes);
    Console.WriteLine($"wrote {path} ({bytes.Length:N0} bytes)");
}
