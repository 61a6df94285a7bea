using System.Text.Json;

namespace Warbler.Gateway.Errors;

/// <summary>An error as the OpenAI API reports it: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed record OpenAIError(int StatusCode, string Message, string Type, string? Param = null, string? Code = null)
{
    public static OpenAIError InvalidRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, message, "invalid_request_error", param, code);

    public static OpenAIError InvalidJson(string detail) =>
        InvalidRequest($"We could not parse the JSON body of your request: {detail}", code: "invalid_json");

    public static OpenAIError InvalidApiKey(string message) =>
        new(StatusCodes.Status401Unauthorized, message, "invalid_request_error", Code: "invalid_api_key");

    public static OpenAIError ModelNotAllowed(string model) =>
        new(StatusCodes.Status403Forbidden, $"This key is not allowed to use the model '{model}'.", "invalid_request_error", "model", "model_not_allowed");

    public static OpenAIError ModelNotFound(string model) =>
        new(StatusCodes.Status404NotFound, $"The model '{model}' does not exist or no provider serves it.", "invalid_request_error", "model", "model_not_found");

    public static OpenAIError BodyTooLarge(long limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit of {limit} bytes.", "invalid_request_error", Code: "request_too_large");

    public static OpenAIError BadGateway(string message) =>
        new(StatusCodes.Status502BadGateway, message, "api_error", Code: "upstream_error");

    public static OpenAIError DatabaseUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, "Warbler's database is busy or unavailable. Nothing was changed; retry the request in a moment.", "api_error", Code: "database_unavailable");

    public static OpenAIError Unavailable(string message) =>
        new(StatusCodes.Status503ServiceUnavailable, message, "api_error", Code: "upstream_unavailable");

    public static OpenAIError GatewayTimeout(string message) =>
        new(StatusCodes.Status504GatewayTimeout, message, "api_error", Code: "upstream_timeout");

    /// <summary>Writes <c>{"error":{...}}</c>.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", Message);
        writer.WriteString("type", Type);
        WriteStringOrNull(writer, "param", Param);
        WriteStringOrNull(writer, "code", Code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GatewayJson.WriterOptions))
        {
            WriteTo(writer);
        }

        return buffer.ToArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
