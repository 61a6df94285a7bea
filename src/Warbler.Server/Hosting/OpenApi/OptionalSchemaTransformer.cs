using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Warbler.Contracts.Json;

namespace Warbler.Server.Hosting.OpenApi;

/// <summary>
/// Describes a PATCH body's <see cref="Optional{T}"/> fields as what is sent: the value itself
/// (or <c>null</c>), in a field that may be left out. Without this, each would be an object
/// of no known shape, and every field of the body required.
/// </summary>
internal sealed class OptionalSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>))
        {
            schema.Type = ValueType(type.GetGenericArguments()[0]) | JsonSchemaType.Null;
        }
        else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties)
            {
                if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Optional<>))
                {
                    required.Remove(property.Name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static JsonSchemaType ValueType(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => JsonSchemaType.String,
        var t when t == typeof(bool) => JsonSchemaType.Boolean,
        var t when t == typeof(int) || t == typeof(long) => JsonSchemaType.Integer,
        var t when t == typeof(double) || t == typeof(decimal) || t == typeof(float) => JsonSchemaType.Number,
        var t => throw new NotSupportedException($"Optional<{t.Name}> has no schema here yet."),
    };
}
