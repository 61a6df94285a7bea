using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;

namespace Warbler.Chat.Users;

/// <summary>Creates the roles at start, after the database is migrated, so registration can give them.</summary>
internal sealed class RoleSeeder(IServiceProvider services, TimeProvider time, ILogger<RoleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var name in ChatRoles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await roles.RoleExistsAsync(name))
            {
                continue;
            }

            var result = await roles.CreateAsync(new IdentityRole<Guid>(name) { Id = Guid.CreateVersion7(time.GetUtcNow()) });

            // Another node may have created it in the meantime; only a role that is still missing is an error.
            if (!result.Succeeded && !await roles.RoleExistsAsync(name))
            {
                throw new InvalidOperationException($"The role '{name}' could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }

            ChatLog.RoleCreated(logger, name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
