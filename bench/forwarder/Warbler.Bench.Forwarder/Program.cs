using System.Net;
using Yarp.ReverseProxy.Forwarder;

// A bare YARP direct forwarder: every request goes to the upstream as it came, the answer comes back
// as it went. No keys, limits, usage, metrics or traces: what one extra HTTP hop costs at least,
// the ceiling for Warbler in bench/gateway.sh.
//   usage: Warbler.Bench.Forwarder --urls http://127.0.0.1:PORT --upstream http://127.0.0.1:PORT
var upstream = ArgValue(args, "--upstream") ?? throw new ArgumentException("--upstream http://host:port is needed");

var builder = WebApplication.CreateSlimBuilder(args);
// As Warbler's benchmark run: only warnings are logged.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddHttpForwarder();

var app = builder.Build();
// One pooled client, as YARP's own docs set it up for direct forwarding.
var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(15),
});
app.MapForwarder("/{**path}", upstream, ForwarderRequestConfig.Empty, HttpTransformer.Empty, client);
await app.RunAsync();

static string? ArgValue(string[] args, string name) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
