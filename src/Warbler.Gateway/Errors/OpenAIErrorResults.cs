namespace Warbler.Gateway.Errors;

/// <summary>OpenAI error answers for the host's own middleware in front of <c>/v1</c>.</summary>
public static class OpenAIErrorResults
{
    /// <summary>401 <c>invalid_api_key</c> with <paramref name="message"/>, as a refused gateway key gets.</summary>
    public static IResult InvalidApiKey(string message) => new OpenAIErrorResult(OpenAIError.InvalidApiKey(message));
}
