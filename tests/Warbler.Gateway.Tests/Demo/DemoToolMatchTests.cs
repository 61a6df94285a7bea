using System.Net;
using System.Text.Json;

namespace Warbler.Gateway.Tests.Demo;

/// <summary>
/// The demo calls an offered tool that a question asks for without naming it: a calculator for a sum,
/// a clock for the time, with the arguments it can read from the question.
/// </summary>
public sealed class DemoToolMatchTests(DemoHostFixture demo) : IClassFixture<DemoHostFixture>
{
    private static readonly object[] Tools =
    [
        Function("multiply", new { a = new { type = "number" }, b = new { type = "number" } }),
        Function("divide", new { a = new { type = "number" }, b = new { type = "number" } }),
        Function("calculate", new { operation = new { type = "string" }, x = new { type = "integer" }, y = new { type = "integer" } }),
        Function("utc_now", new { }),
    ];

    [Theory]
    [InlineData("What is 6 times 7?", "multiply", """{"a":6,"b":7}""")]
    [InlineData("and 12 divided by 4.5", "divide", """{"a":12,"b":4.5}""")]
    [InlineData("What is 2 + 3?", "calculate", """{"operation":"add","x":2,"y":3}""")]
    [InlineData("What time is it?", "utc_now", "{}")]
    public async Task ChatCompletions_QuestionAsksForAnOfferedTool_TheDemoCallsIt(string question, string tool, string arguments)
    {
        using var client = demo.Host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content = question } }, tools = Tools });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = answer.RootElement.GetProperty("choices")[0];
        var call = choice.GetProperty("message").GetProperty("tool_calls").EnumerateArray().Single().GetProperty("function");
        Assert.Equal(("tool_calls", tool, arguments), (choice.GetProperty("finish_reason").GetString(), call.GetProperty("name").GetString(), call.GetProperty("arguments").GetString()));
    }

    [Fact]
    public async Task ChatCompletions_SumWithoutACalculatorOffered_IsAnsweredInText()
    {
        using var client = demo.Host.CreateAdminClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "demo", messages = new[] { new { role = "user", content = "What is 6 times 7?" } }, tools = new[] { Tools[3] } });

        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var choice = answer.RootElement.GetProperty("choices")[0];
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.StartsWith("[Offline demo: no provider is configured.] You said:", choice.GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    private static object Function(string name, object properties) =>
        new { type = "function", function = new { name, description = $"The {name} tool.", parameters = new { type = "object", properties } } };
}
