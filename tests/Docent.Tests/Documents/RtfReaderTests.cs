using System.Text;
using Docent.Documents;
using Docent.Hosting;
using Docent.Ingestion;
using Docent.Tests.TestSupport;
using static Docent.Tests.Documents.ReaderTestSupport;

namespace Docent.Tests.Documents;

/// <summary>RTF as word processors write it: stylesheet headings, code-page and Unicode text, tables, skipped pictures, fields and metadata.</summary>
public sealed class RtfReaderTests
{
    /// <summary>A memo in the shape Word and WordPad write: font and colour tables, a stylesheet, info, a picture, a field, a table.</summary>
    internal const string Memo = """
        {\rtf1\ansi\ansicpg1252\deff0\nouicompat{\fonttbl{\f0\fnil\fcharset0 Calibri;}{\f1\fswiss Arial;}}
        {\colortbl ;\red0\green0\blue255;}
        {\*\generator Riched20 10.0.19041}
        {\stylesheet{\s0 Normal;}{\s1\outlinelevel0 heading 1;}{\s2 heading 2;}{\*\cs10 Default Paragraph Font;}}
        {\info{\title Relocation memo}{\author Jane Roe}{\creatim\yr2026\mo11\dy2}}
        \viewkind4\uc1
        \pard\s1\sa200\f0\fs32 Office relocation\par
        \pard\sa200\fs22 The Caf\'e9 team moves to the Harbour building on 3 March; the lifts there are step\u8209?free.\par
        {\pict\pngblip\picw10\pich10 89504e470d0a1a0a0000000d49484452}
        \pard\s2 Parking\par
        \pard Staff park at {\field{\*\fldinst HYPERLINK "https://example.com/parking"}{\fldrslt the north garage}} from Monday\emdash permits come by post.\par
        \trowd\cellx3000\cellx6000
        \pard\intbl Floor\cell Team\cell\row
        \trowd\cellx3000\cellx6000
        \pard\intbl 4\cell Finance\cell\row
        \trowd\cellx3000\cellx6000
        \pard\intbl 5\cell Legal\cell\row
        \pard Questions go to facilities\{at\}example.com.\par
        }
        """;

    [Fact]
    public async Task HeadingsParagraphsAndTablesAreReadAndEverythingElseIsSkipped()
    {
        var input = FromText("memo.rtf", Memo);
        Assert.Equal("rtf", DocumentReaderSelector.CreateDefault().Select(FromText("memo.txt", Memo)).Reader?.Format);
        var blocks = await ReadAllAsync(new RtfReader(), input);

        Assert.Equal("Relocation memo", input.Report.Title);
        Assert.Equal(1, input.Report.Tables);
        Assert.Equal(
            [
                (BlockKind.Heading, "Office relocation", "Office relocation"),
                (BlockKind.Paragraph, "The Café team moves to the Harbour building on 3 March; the lifts there are step\u2011free.", "Office relocation"),
                (BlockKind.Heading, "Parking", "Office relocation > Parking"),
                (BlockKind.Paragraph, "Staff park at the north garage from Monday\u2014permits come by post.", "Office relocation > Parking"),
                (BlockKind.TableRow, "Floor: 4; Team: Finance.", "Office relocation > Parking"),
                (BlockKind.TableRow, "Floor: 5; Team: Legal.", "Office relocation > Parking"),
                (BlockKind.Paragraph, "Questions go to facilities{at}example.com.", "Office relocation > Parking"),
            ],
            blocks.Select(b => (b.Kind, b.Text, Path(b))));
    }

    [Fact]
    public async Task HostileNestingFailsWithAReasonAndBinaryRunsAreSkipped()
    {
        var deep = "{\\rtf1 " + new string('{', 5000) + "x" + new string('}', 5001);
        var error = await Assert.ThrowsAsync<DocumentReadException>(() => ReadAllAsync(new RtfReader(), FromText("deep.rtf", deep)));
        Assert.Contains("more than 512 deep", error.Reason, StringComparison.Ordinal);

        var binary = Encoding.Latin1.GetBytes("{\\rtf1 Before.\\par {\\*\\blob\\bin6 \u0000\u0001}{}\u00ff} After.\\par\\bin999999 }");
        var blocks = await ReadAllAsync(new RtfReader(), FromBytes("bin.rtf", binary));
        Assert.Equal(["Before.", "After."], blocks.Select(b => b.Text));
    }

    [Fact]
    public async Task AnRtfParagraphIsAnsweredAndCitedUnderItsHeadings()
    {
        using var dir = new TempDirectory();
        dir.Write("docs/memo.rtf", Memo);
        dir.Write("docs/faq.md", "# FAQ\n\nThe canteen opens at 8.\n");
        var folder = await DataFolder.OpenAsync(new DocentOptions { DataDirectory = System.IO.Path.Combine(dir.Path, "data") });
        Assert.Empty((await folder.CreateIngestionPipeline().IngestAsync([System.IO.Path.Combine(dir.Path, "docs")], new IngestOptions())).Failed);

        var result = await folder.CreateAskPipeline().AskAsync("Where do staff park?");
        Assert.True(result.Answer.Found, result.Answer.Text);
        Assert.Contains("north garage", result.Answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(result.Answer.Citations);
        Assert.Equal("docs/memo.rtf", citation.ShownSource);
        Assert.Equal(["Office relocation", "Parking"], citation.HeadingPath);
    }
}
