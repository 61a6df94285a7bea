using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Warbler.Gateway.Errors;

namespace Warbler.Gateway.Requests;

/// <summary>Reads one top-level parameter; the reader is on its value, and is left there (to be skipped) or on the value's last token.</summary>
internal delegate void JsonFieldReader(ref Utf8JsonReader reader, string name);

/// <summary>
/// The checks every JSON body on <c>/v1</c> gets (UTF-8, valid JSON, an object, no parameter twice,
/// nothing after it), for the routes whose few parameters are read by their own code: each
/// top-level parameter is handed to the route's reader once.
/// </summary>
internal static class JsonFieldScan
{
    private const int MaxDepth = 64;

    public static void Scan(ReadOnlySpan<byte> json, JsonFieldReader read)
    {
        if (json.IsEmpty)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson("the body is empty. Send a JSON object."));
        }

        if (!Utf8.IsValid(json))
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson("the body is not valid UTF-8."));
        }

        var seen = default(PropertyNameSet);
        try
        {
            RequestScanner.RejectLoneSurrogates(json);
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new OpenAIErrorException(OpenAIError.InvalidRequest("The request body must be a JSON object."));
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = Encoding.UTF8.GetString(seen.Add(ref reader, out var added));
                if (!added)
                {
                    throw RequestValues.Invalid(name, $"The parameter '{name}' appears more than once in the body.");
                }

                reader.Read();
                read(ref reader, name);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                throw new OpenAIErrorException(OpenAIError.InvalidJson("there is more after the JSON object."));
            }
        }
        catch (JsonException exception)
        {
            throw new OpenAIErrorException(OpenAIError.InvalidJson(RequestScanner.Describe(exception)));
        }
        finally
        {
            seen.Dispose();
        }
    }
}
