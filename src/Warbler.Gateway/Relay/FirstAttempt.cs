namespace Warbler.Gateway.Relay;

/// <summary>
/// The outcome of an attempt made before the retry pipeline was entered, handed to the pipeline
/// once as its first attempt's: the answer, or the exception that attempt threw.
/// </summary>
internal sealed class FirstAttempt
{
    private HttpResponseMessage? _response;
    private Exception? _exception;

    public FirstAttempt(HttpResponseMessage response) => _response = response;

    public FirstAttempt(Exception exception) => _exception = exception;

    /// <summary>The first attempt's outcome the first time; null after that.</summary>
    public ValueTask<HttpResponseMessage>? Take()
    {
        ValueTask<HttpResponseMessage>? outcome = _exception is { } exception ? ValueTask.FromException<HttpResponseMessage>(exception)
            : _response is { } response ? ValueTask.FromResult(response)
            : null;
        _response = null;
        _exception = null;
        return outcome;
    }
}
