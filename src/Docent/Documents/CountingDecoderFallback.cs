using System.Text;

namespace Docent.Documents;

/// <summary>
/// A decoder fallback that replaces each invalid byte sequence by one U+FFFD and counts the replacements,
/// so a reader can report how much was lost (the built-in replacement fallback does not count). Not
/// thread-safe: one instance per decoder.
/// </summary>
internal sealed class CountingDecoderFallback : DecoderFallback
{
    /// <summary>Invalid sequences replaced so far.</summary>
    public long Count { get; private set; }

    public override int MaxCharCount => 1;

    public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

    private sealed class Buffer(CountingDecoderFallback owner) : DecoderFallbackBuffer
    {
        private bool _pending;
        private bool _given;

        public override int Remaining => _pending ? 1 : 0;

        public override bool Fallback(byte[] bytesUnknown, int index)
        {
            owner.Count++;
            _pending = true;
            _given = false;
            return true;
        }

        public override char GetNextChar()
        {
            if (!_pending)
            {
                return '\0';
            }

            _pending = false;
            _given = true;
            return '\uFFFD';
        }

        public override bool MovePrevious()
        {
            if (!_given)
            {
                return false;
            }

            _given = false;
            _pending = true;
            return true;
        }

        public override void Reset()
        {
            _pending = false;
            _given = false;
        }
    }
}
