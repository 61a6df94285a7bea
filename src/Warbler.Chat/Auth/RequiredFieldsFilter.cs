using System.Reflection;
using System.Text.Json;

namespace Warbler.Chat.Auth;

/// <summary>
/// Identity's request types mark their fields <c>required string</c>, but JSON may still send
/// <c>null</c> (<c>{"email":null}</c>), which Identity's endpoints meet with an exception (a 500).
/// This refuses such a request as a validation problem naming the field.
/// </summary>
internal sealed class RequiredFieldsFilter : IEndpointFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var argument in context.Arguments)
        {
            if (argument?.GetType() is { Namespace: "Microsoft.AspNetCore.Identity.Data" } type)
            {
                var missing = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(property => property.PropertyType == typeof(string) && property.GetValue(argument) is null && IsNonNullable(property))
                    .ToDictionary(property => JsonNamingPolicy.CamelCase.ConvertName(property.Name), property => (string[])["The field is required and may not be null."]);
                if (missing.Count > 0)
                {
                    return TypedResults.ValidationProblem(missing);
                }
            }
        }

        return await next(context);
    }

    private static bool IsNonNullable(PropertyInfo property)
    {
        lock (Nullability)
        {
            return Nullability.Create(property).ReadState == NullabilityState.NotNull;
        }
    }
}
