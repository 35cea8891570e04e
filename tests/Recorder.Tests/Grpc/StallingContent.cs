using System.Net;

namespace SeccompRecorder.Tests.Grpc;

/// <summary>A request body that sends some bytes and then nothing until released: "the body has not arrived yet".</summary>
internal sealed class StallingContent : HttpContent
{
    private readonly byte[] _first;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StallingContent(byte[] first)
    {
        _first = first;
    }

    public void Release() => _release.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(_first).AsTask().WaitAsync(TestTimeouts.Default);
        await stream.FlushAsync().WaitAsync(TestTimeouts.Default);
        await _release.Task.WaitAsync(TestTimeouts.Default);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
