using Warbler.Data;
using Warbler.Gateway;
using Warbler.Server.Configuration;
using Warbler.Server.Hosting;

var builder = ServerDefaults.CreateBuilder(args);
builder.Configuration.AddDotEnvFile(Directory.GetCurrentDirectory());
builder.UseDefaultListeningAddress();
builder.AddWarblerServerDefaults();
builder.AddWarblerDatabase();
builder.AddWarblerGateway();

var app = builder.Build();
app.UseWarblerServerDefaults();
app.MapGatewayApi();

return await app.RunWithConfigurationCheckAsync();

/// <summary>The server's entry point; public so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
