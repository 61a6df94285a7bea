using System.Text;

namespace Warbler.Gateway.Requests;

/// <summary>Names <see cref="RequestParameter"/>s, and finds one by its UTF-8 name without making a string of it.</summary>
internal static class RequestParameters
{
    // Indexed by RequestParameter.
    private static readonly string[] Names =
    [
        "", "model", "messages", "prompt", "stream", "stream_options", "temperature", "top_p",
        "frequency_penalty", "presence_penalty", "max_tokens", "max_completion_tokens", "n", "best_of",
        "seed", "top_logprobs", "logprobs", "echo", "parallel_tool_calls", "store", "stop", "user",
        "suffix", "logit_bias", "response_format", "metadata", "tools", "functions", "tool_choice",
        "function_call", "input", "max_output_tokens",
    ];

    private static readonly byte[][] Utf8Names = [.. Names.Select(Encoding.UTF8.GetBytes)];

    public static string NameOf(RequestParameter parameter) => Names[(int)parameter];

    /// <param name="name">The property's name, unescaped.</param>
    public static RequestParameter Identify(ReadOnlySpan<byte> name)
    {
        for (var i = 1; i < Utf8Names.Length; i++)
        {
            if (name.SequenceEqual(Utf8Names[i]))
            {
                return (RequestParameter)i;
            }
        }

        return RequestParameter.Other;
    }
}
