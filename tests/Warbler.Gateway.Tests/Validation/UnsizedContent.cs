using System.Net;

namespace Warbler.Gateway.Tests.Validation;

/// <summary>JSON content whose length is not known up front, so it goes without <c>Content-Length</c> (chunked on a real socket).</summary>
internal sealed class UnsizedContent : HttpContent
{
    private readonly byte[] _body;

    public UnsizedContent(byte[] body)
    {
        _body = body;
        Headers.ContentType = new("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < _body.Length; offset += 512)
        {
            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(512, _body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
