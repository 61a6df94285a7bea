using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Requests;

/// <summary>A request body read whole into a pooled buffer, refused with 413 past the limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(RequestBody))).AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => Memory.Span;

    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new OpenAIErrorException(OpenAIError.BodyTooLarge(limit));
        }

        // The limit is enforced here, so the server's own (30 MB by default) must not cut in first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } serverLimit)
        {
            serverLimit.MaxRequestBodySize = null;
        }

        PipeReader reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw new OpenAIErrorException(OpenAIError.BodyTooLarge(limit));
            }

            if (result.IsCompleted)
            {
                var length = (int)buffer.Length;
                var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                buffer.CopyTo(array);
                reader.AdvanceTo(buffer.End);
                return new RequestBody(array, length);
            }

            // Keep everything buffered until the body is complete.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
