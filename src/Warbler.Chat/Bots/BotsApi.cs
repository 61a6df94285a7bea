using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Warbler.Chat.Identity;
using Warbler.Contracts.Json;
using Warbler.Data;
using Warbler.Data.Bots;
using Warbler.Gateway.Providers;

namespace Warbler.Chat.Bots;

/// <summary><c>/api/bots</c>: every signed-in user lists them; admins (the role, or the admin key) create, change and delete them.</summary>
internal static class BotsApi
{
    public static IEndpointRouteBuilder MapBotsApi(this IEndpointRouteBuilder app)
    {
        var bots = app.MapGroup("/api/bots").WithTags("Bots");
        bots.MapGet("/", ListAsync).RequireAuthorization(ChatPolicies.SignedInOrAdminKey)
            .WithSummary("List bots");
        bots.MapGet("/{id:guid}", GetAsync).RequireAuthorization(ChatPolicies.SignedInOrAdminKey)
            .WithSummary("Get a bot");
        bots.MapPost("/", CreateAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Create a bot")
            .WithDescription("Admins only: a handle, a display name, a model and instructions.");
        bots.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Change a bot")
            .WithDescription("Admins only.");
        bots.MapDelete("/{id:guid}", DeleteAsync).RequireAuthorization(ChatPolicies.Admin)
            .WithSummary("Delete a bot")
            .WithDescription("Admins only.");
        return app;
    }

    private static async Task<Ok<List<BotResponse>>> ListAsync(ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken)
    {
        var bots = await (await Teams.BotListing.VisibleAsync(principal, db, authorization)).OrderBy(b => b.Handle).ToListAsync(cancellationToken);
        return TypedResults.Ok(bots.Select(BotResponse.From).ToList());
    }

    private static async Task<Results<Ok<BotResponse>, ProblemHttpResult>> GetAsync(
        Guid id, ClaimsPrincipal principal, WarblerDbContext db, IAuthorizationService authorization, CancellationToken cancellationToken) =>
        await (await Teams.BotListing.VisibleAsync(principal, db, authorization)).FirstOrDefaultAsync(b => b.Id == id, cancellationToken) is { } bot
            ? TypedResults.Ok(BotResponse.From(bot))
            : NotFound(id);

    private static async Task<Results<Created<BotResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateBotRequest request, WarblerDbContext db, IProviderDirectory providers, TimeProvider time, CancellationToken cancellationToken)
    {
        var missing = new Dictionary<string, string[]>();
        foreach (var (field, value) in (ReadOnlySpan<(string, string?)>)[("name", request.Name), ("handle", request.Handle), ("model", request.Model)])
        {
            if (value is null)
            {
                missing[field] = [$"{field} is required."];
            }
        }

        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing);
        }

        var now = time.GetUtcNow();
        var bot = new Bot
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name!.Trim(),
            Handle = BotRules.NormalizeHandle(request.Handle!),
            Model = request.Model!.Trim(),
            SystemPrompt = request.SystemPrompt ?? "",
            Temperature = request.Temperature,
            TopP = request.TopP,
            MaxTokens = request.MaxTokens,
            FrequencyPenalty = request.FrequencyPenalty,
            PresencePenalty = request.PresencePenalty,
            ContextBudget = request.ContextBudget ?? BotLimits.DefaultContextBudget,
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        var errors = BotRules.Validate(bot);
        BotRules.CheckModelServed(errors, bot.Model, providers);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        db.Bots.Add(bot);
        if (!await TrySaveAsync(db, bot, cancellationToken))
        {
            return HandleTaken(bot.Handle);
        }

        return TypedResults.Created($"/api/bots/{bot.Id}", BotResponse.From(bot));
    }

    private static async Task<Results<Ok<BotResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateBotRequest request, WarblerDbContext db, IProviderDirectory providers, TimeProvider time, CancellationToken cancellationToken)
    {
        // Sampling settings may be cleared with null; these may not.
        var cleared = new Dictionary<string, string[]>();
        NotCleared(cleared, "name", request.Name);
        NotCleared(cleared, "handle", request.Handle);
        NotCleared(cleared, "model", request.Model);
        NotCleared(cleared, "systemPrompt", request.SystemPrompt);
        NotCleared(cleared, "contextBudget", request.ContextBudget);
        if (cleared.Count > 0)
        {
            return TypedResults.ValidationProblem(cleared);
        }

        if (await db.Bots.FirstOrDefaultAsync(b => b.Id == id, cancellationToken) is not { } bot)
        {
            return NotFound(id);
        }

        bot.Name = request.Name.Or(bot.Name)!.Trim();
        bot.Handle = request.Handle.IsSet ? BotRules.NormalizeHandle(request.Handle.Value!) : bot.Handle;
        bot.Model = request.Model.Or(bot.Model)!.Trim();
        bot.SystemPrompt = request.SystemPrompt.Or(bot.SystemPrompt)!;
        bot.Temperature = request.Temperature.Or(bot.Temperature);
        bot.TopP = request.TopP.Or(bot.TopP);
        bot.MaxTokens = request.MaxTokens.Or(bot.MaxTokens);
        bot.FrequencyPenalty = request.FrequencyPenalty.Or(bot.FrequencyPenalty);
        bot.PresencePenalty = request.PresencePenalty.Or(bot.PresencePenalty);
        bot.ContextBudget = request.ContextBudget.Or(bot.ContextBudget)!.Value;
        var errors = BotRules.Validate(bot);
        if (request.Model.IsSet)
        {
            // Only a model being set is checked: a bot left on a model no longer served can still be renamed.
            BotRules.CheckModelServed(errors, bot.Model, providers);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        bot.UpdatedAt = time.GetUtcNow().UtcDateTime;
        if (!await TrySaveAsync(db, bot, cancellationToken))
        {
            return HandleTaken(bot.Handle);
        }

        return TypedResults.Ok(BotResponse.From(bot));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, WarblerDbContext db, CancellationToken cancellationToken) =>
        await db.Bots.Where(b => b.Id == id).ExecuteDeleteAsync(cancellationToken) > 0
            ? TypedResults.NoContent()
            : NotFound(id);

    /// <summary>Saves, or says false when another bot has the handle (checked first, and again if the unique index refuses).</summary>
    private static async Task<bool> TrySaveAsync(WarblerDbContext db, Bot bot, CancellationToken cancellationToken)
    {
        if (await HandleTakenAsync(db, bot, cancellationToken))
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            if (await HandleTakenAsync(db, bot, cancellationToken))
            {
                return false;
            }

            throw;
        }
    }

    private static Task<bool> HandleTakenAsync(WarblerDbContext db, Bot bot, CancellationToken cancellationToken) =>
        db.Bots.AnyAsync(b => b.Handle == bot.Handle && b.Id != bot.Id, cancellationToken);

    private static ProblemHttpResult HandleTaken(string handle) =>
        TypedResults.Problem($"Another bot already has the handle @{handle}.", statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no bot {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static void NotCleared<T>(Dictionary<string, string[]> errors, string field, Optional<T> value)
    {
        if (value.IsSet && value.Value is null)
        {
            errors[field] = [$"{field} cannot be null; leave it out to keep it as it is."];
        }
    }
}
