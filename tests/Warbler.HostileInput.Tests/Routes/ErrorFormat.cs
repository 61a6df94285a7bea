namespace Warbler.HostileInput.Tests.Routes;

/// <summary>How a part of the server words its errors.</summary>
public enum ErrorFormat
{
    /// <summary><c>/v1</c>: OpenAI's <c>{"error":{message,type,param,code}}</c> as <c>application/json</c>.</summary>
    OpenAI,

    /// <summary><c>/v1/messages</c>: Anthropic's <c>{"type":"error","error":{type,message}}</c> as <c>application/json</c>.</summary>
    Anthropic,

    /// <summary><c>/api</c> and <c>/chat</c>: ProblemDetails as <c>application/problem+json</c>.</summary>
    ProblemDetails,

    /// <summary>Pages and documents outside the APIs: any error body will do, as long as it is not a 5xx.</summary>
    Any,
}
