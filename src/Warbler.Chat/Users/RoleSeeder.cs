using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Warbler.Chat.Logging;
using Warbler.Data;

namespace Warbler.Chat.Users;

/// <summary>Creates the roles at start, after the database is migrated, so registration can give them.</summary>
internal sealed class RoleSeeder(IServiceProvider services, TimeProvider time, ILogger<RoleSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in ChatRoles.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryCreateAsync(name))
            {
                ChatLog.RoleCreated(logger, name);
            }
        }
    }

    /// <returns>False when the role exists already.</returns>
    private async Task<bool> TryCreateAsync(string name)
    {
        // A scope per role: a refused insert stays in its context and would be tried again with the next role.
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (await roles.RoleExistsAsync(name))
        {
            return false;
        }

        IdentityResult result;
        try
        {
            result = await roles.CreateAsync(new IdentityRole<Guid>(name) { Id = Guid.CreateVersion7(time.GetUtcNow()) });
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another node starting at the same time created it first.
            return false;
        }

        // Another node may have created it in the meantime; only a role that is still missing is an error.
        if (!result.Succeeded)
        {
            return await roles.RoleExistsAsync(name)
                ? false
                : throw new InvalidOperationException($"The role '{name}' could not be created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        return true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
