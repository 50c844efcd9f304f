using System.Text.Json;
using Docent.Answering;
using Docent.Chunking;
using Docent.Documents;
using Docent.Server.Endpoints;

namespace Docent.Server.Tests;

/// <summary>How the API writes a citation's page region: fractions of the page, rounded to four places.</summary>
public sealed class ApiModelsTests
{
    [Fact]
    public void ACitationsPageRegionIsWrittenAsFractionsOfThePage()
    {
        var citation = new Citation(1, "d:0", "d", "/data/memo.png", "Memo", 1, [], "4812 pallets.", new TextSpan(0, 13), "4812 pallets.")
        {
            Region = new PageRegion(0.0960001, 0.1476, 0.7714, 1.0 / 3),
        };

        var json = JsonSerializer.SerializeToNode(CitationInfo.From(citation, withPath: false), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        Assert.Equal("""{"left":0.096,"top":0.1476,"width":0.7714,"height":0.3333}""", json["region"]!.ToJsonString());
    }
}
