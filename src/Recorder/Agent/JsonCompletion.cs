using System.Text.Json;

namespace SeccompRecorder.Agent;

/// <summary>
/// Tells, chunk by chunk, when a complete top-level JSON value has arrived. Needed because runc 1.1.5 never closes its
/// end of the listener connection (sendContainerProcessState leaks the net.Conn, and the runc parent lives until the
/// container exits): waiting for EOF would block the container's first notified syscall on us while we block on runc.
/// Incremental (resumes the reader's state at the last token), so a peer writing a byte at a time costs linear work.
/// </summary>
internal struct JsonCompletion
{
    private JsonReaderState _state;
    private int _consumed;
    private bool _started;

    public JsonCompletion(int maxDepth) => _state = new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth });

    /// <summary>Offset just past the complete value, valid once <see cref="Advance"/> returned true.</summary>
    public int EndOffset { get; private set; }

    /// <summary>
    /// Feeds everything received so far (<paramref name="received"/> grows between calls). True when the top-level value
    /// is complete, or when the bytes cannot be JSON (the parser then says why): either way, stop reading.
    /// </summary>
    public bool Advance(ReadOnlySpan<byte> received)
    {
        Utf8JsonReader reader = new(received[_consumed..], isFinalBlock: false, _state);
        try
        {
            while (reader.Read())
            {
                _started = true;
                if (reader.CurrentDepth == 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                {
                    EndOffset = _consumed + (int)reader.BytesConsumed;
                    return true;
                }
            }
        }
        catch (JsonException)
        {
            EndOffset = received.Length;
            return true;
        }

        _consumed += (int)reader.BytesConsumed;
        _state = reader.CurrentState;
        return false;
    }

    /// <summary>True once any token has been read.</summary>
    public readonly bool Started => _started;
}
