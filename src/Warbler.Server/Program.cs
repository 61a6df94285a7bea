using Warbler.Chat;
using Warbler.Cluster;
using Warbler.Data;
using Warbler.Gateway;
using Warbler.Server.Configuration;
using Warbler.Server.Hosting;
using Warbler.Server.Observability;

var builder = ServerDefaults.CreateBuilder(args);
builder.Configuration.AddDotEnvFile(Directory.GetCurrentDirectory());
builder.UseDefaultListeningAddress();
builder.AddWarblerServerDefaults();
builder.AddWarblerCors();
builder.AddWarblerDatabase();
builder.AddWarblerCluster();
builder.AddWarblerGateway();
builder.AddWarblerChat();
builder.AddWarblerObservability();
builder.AddWarblerApiReference();
builder.Services.AddHostedService<StartUpCollection>(); // last, after every warm-up

var app = builder.Build();
app.UseWarblerObservability();
app.UseWarblerServerDefaults();
app.UseWarblerSecurityHeaders();
app.UseCors();
app.UseWarblerWebApp();
app.UseWarblerChat();
app.UseAuthentication();
app.UseAuthorization();
app.MapGatewayApi();
app.MapChatApi();
app.MapObservabilityEndpoints();
app.MapWarblerApiReference();
app.MapWebApp();

// Here rather than first: hosts built for tests (WebApplicationFactory) stop at Build() and keep the runtime's default.
StartupThreads.RaiseForAWhile(TimeProvider.System);
return await app.RunWithConfigurationCheckAsync();

/// <summary>The server's entry point; public so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
