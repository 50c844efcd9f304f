namespace Docent.Text;

/// <summary>How a <see cref="LanguageChain"/> finds the words of a script written without spaces between them.</summary>
internal enum WordSegmentation
{
    /// <summary>Words end at spaces and punctuation; Han, kana and Hangul runs become overlapping bigrams.</summary>
    Spaces,

    /// <summary>Runs of Han characters are split into dictionary words (<see cref="ChineseWordSegmenter"/>).</summary>
    ChineseWords,

    /// <summary>Runs of Thai are split into dictionary words (<see cref="ThaiWordSegmenter"/>).</summary>
    ThaiWords,
}
