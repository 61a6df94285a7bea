namespace Warbler.Gateway.Requests;

/// <summary>Which body a <c>/v1</c> endpoint takes.</summary>
internal enum RequestShape
{
    /// <summary><c>/v1/chat/completions</c>: <c>model</c> and <c>messages</c>.</summary>
    Chat,

    /// <summary><c>/v1/completions</c>: <c>model</c> and <c>prompt</c>.</summary>
    Completion,

    /// <summary><c>/v1/engines/{model}/completions</c>: <c>prompt</c> or <c>messages</c>; the model is in the path.</summary>
    Engine,

    /// <summary><c>/v1/responses</c>: <c>model</c> and <c>input</c>.</summary>
    Responses,
}
