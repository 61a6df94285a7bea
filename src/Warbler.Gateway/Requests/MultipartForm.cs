using System.Text;
using Microsoft.Net.Http.Headers;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Requests;

/// <summary>One part of a <c>multipart/form-data</c> body: its field name, file name and where its value lies in the body.</summary>
internal sealed record MultipartPart(string Name, string? FileName, string? ContentType, int Start, int Length);

/// <summary>
/// Reads the parts of a <c>multipart/form-data</c> body that is already buffered, in place: the
/// upload is neither copied nor decoded, only its small text fields are read.
/// </summary>
internal static class MultipartForm
{
    /// <summary>More parts than any upload route takes; a body made of thousands of empty parts is refused.</summary>
    private const int MaxParts = 256;

    /// <summary>The boundary of a <c>multipart/form-data</c> content type; a 400 for any other content type.</summary>
    public static string Boundary(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var parsed)
            || !parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidRequest("This route takes a multipart/form-data upload (Content-Type: multipart/form-data; boundary=...)."));
        }

        var boundary = HeaderUtilities.RemoveQuotes(parsed.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidRequest("The multipart/form-data Content-Type has no usable boundary."));
        }

        return boundary;
    }

    public static List<MultipartPart> Parse(ReadOnlySpan<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<MultipartPart>();
        var position = body.IndexOf(delimiter);
        if (position < 0 || (position > 0 && !body[..position].EndsWith("\r\n"u8)))
        {
            throw Malformed("it does not start with its boundary");
        }

        position += delimiter.Length;
        while (true)
        {
            var rest = body[position..];
            if (rest.StartsWith("--"u8))
            {
                return parts;
            }

            if (!rest.StartsWith("\r\n"u8))
            {
                throw Malformed("a boundary is not followed by a line break");
            }

            position += 2;
            var headersEnd = body[position..].IndexOf("\r\n\r\n"u8);
            if (headersEnd < 0)
            {
                throw Malformed("a part's headers never end");
            }

            var headers = body.Slice(position, headersEnd);
            var valueStart = position + headersEnd + 4;
            var valueEnd = IndexOfDelimiter(body, valueStart, delimiter);
            if (valueEnd < 0)
            {
                throw Malformed("a part never ends (the closing boundary is missing)");
            }

            if (parts.Count == MaxParts)
            {
                throw Malformed($"it has more than {MaxParts} parts");
            }

            parts.Add(ReadPart(headers, valueStart, valueEnd - valueStart));
            position = valueEnd + 2 + delimiter.Length;
        }
    }

    /// <summary>The text of a field that is not a file, or null when the form has no such field.</summary>
    public static string? Text(ReadOnlySpan<byte> body, List<MultipartPart> parts, string name)
    {
        var part = parts.Find(p => p.Name == name);
        if (part is null)
        {
            return null;
        }

        var value = body.Slice(part.Start, part.Length);
        if (!System.Text.Unicode.Utf8.IsValid(value))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidRequest($"The form field '{name}' is not valid UTF-8 text.", name));
        }

        return Encoding.UTF8.GetString(value);
    }

    /// <summary>The body with the <c>model</c> field's value replaced, for a provider that knows the model by another name.</summary>
    public static byte[] WithModel(ReadOnlyMemory<byte> body, string contentType, string model)
    {
        var parts = Parse(body.Span, Boundary(contentType));
        var part = parts.Find(p => p.Name == "model");
        if (part is null)
        {
            return body.ToArray();
        }

        var name = Encoding.UTF8.GetBytes(model);
        var result = new byte[body.Length - part.Length + name.Length];
        body.Span[..part.Start].CopyTo(result);
        name.CopyTo(result.AsSpan(part.Start));
        body.Span[(part.Start + part.Length)..].CopyTo(result.AsSpan(part.Start + name.Length));
        return result;
    }

    /// <summary>Where the line break before the next boundary starts.</summary>
    private static int IndexOfDelimiter(ReadOnlySpan<byte> body, int from, byte[] delimiter)
    {
        var offset = from;
        while (offset <= body.Length)
        {
            var found = body[offset..].IndexOf("\r\n"u8);
            if (found < 0)
            {
                return -1;
            }

            var at = offset + found;
            if (body[(at + 2)..].StartsWith(delimiter))
            {
                return at;
            }

            offset = at + 2;
        }

        return -1;
    }

    private static MultipartPart ReadPart(ReadOnlySpan<byte> headers, int start, int length)
    {
        string? name = null, fileName = null, contentType = null;
        foreach (var line in Encoding.Latin1.GetString(headers).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed("a part has a header line without a name");
            }

            var header = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (header.Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase) && ContentDispositionHeaderValue.TryParse(value, out var disposition))
            {
                name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            }
            else if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            throw Malformed("a part has no Content-Disposition with a field name");
        }

        return new MultipartPart(name, string.IsNullOrEmpty(fileName) ? null : fileName, contentType, start, length);
    }

    private static OpenAIErrorException Malformed(string why) =>
        new(OpenAIError.InvalidRequest($"The multipart/form-data body is malformed: {why}."));
}
