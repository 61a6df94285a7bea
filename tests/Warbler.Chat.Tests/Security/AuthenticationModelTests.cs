using System.Reflection;
using System.Reflection.Emit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Warbler.Gateway.Auth;
using Warbler.Gateway.Keys;

namespace Warbler.Chat.Tests.Security;

/// <summary>
/// One authentication model: every credential is read by an ASP.NET Core authentication scheme,
/// and every <c>/v1</c> and <c>/api/admin</c> route names the policy of its surface. No endpoint
/// filter reads a credential, so a route cannot be let through by a filter left off.
/// </summary>
public sealed class AuthenticationModelTests(ChatHostFixture fixture) : IClassFixture<ChatHostFixture>
{
    /// <summary>What only authentication should touch: finding keys, or asking a scheme to sign someone in.</summary>
    private static readonly Type[] CredentialReaders =
        [typeof(KeyAuthenticator), typeof(KeyCache), typeof(KeyMissLookup), typeof(IStoredKeyReader), typeof(IAuthenticationService), typeof(AuthenticationHttpContextExtensions)];

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    [Fact]
    public void EndpointFilters_OfGatewayAndChat_NeverReadACredential()
    {
        var filters = new[] { typeof(KeyAuthenticator).Assembly, typeof(ChatApi).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => typeof(IEndpointFilter).IsAssignableFrom(type) && type is { IsInterface: false, IsAbstract: false })
            .ToList();
        Assert.Contains(filters, type => type.Name == "RateLimitHeadersFilter");

        var offences = filters.SelectMany(filter => CredentialReadsOf(filter).Select(read => $"{filter.FullName} uses {read}")).ToList();

        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void EndpointFilterCheck_AFilterThatAuthenticates_IsFound()
    {
        // The check above is only as good as its eye: this filter authenticates the way the gateway's once did.
        Assert.Contains(CredentialReadsOf(typeof(AuthenticatingFilter)), read => read.Contains(nameof(KeyAuthenticator), StringComparison.Ordinal));
    }

    [Fact]
    public void V1AndAdminRoutes_EachNameTheirSurfacesPolicy()
    {
        var failures = new List<string>();
        var checkedRoutes = new List<string>();
        foreach (var endpoint in fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var expected = pattern switch
            {
                // Unknown /v1 URLs get OpenAI's "Invalid URL" 404, whoever asks.
                "/v1/{**path}" => null,
                _ when pattern.StartsWith("/v1/", StringComparison.Ordinal) => GatewayPolicies.GatewayKey,
                _ when pattern.StartsWith("/api/admin/users", StringComparison.Ordinal) => GatewayPolicies.AdminKey,
                _ when pattern.StartsWith("/api/admin/", StringComparison.Ordinal) => GatewayPolicies.Admin,
                _ => "(not checked)",
            };
            if (expected == "(not checked)")
            {
                continue;
            }

            var methods = string.Join(",", endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]);
            checkedRoutes.Add($"{methods} {pattern}");
            string[] wanted = expected is null ? [] : [expected];
            if (!policies.SequenceEqual(wanted) || anonymous)
            {
                failures.Add($"{methods} {pattern}: policies [{string.Join(", ", policies)}]{(anonymous ? " and AllowAnonymous" : "")}, expected [{expected}]");
            }
        }

        Assert.Contains("POST /v1/chat/completions", checkedRoutes);
        Assert.Contains("GET /v1/models", checkedRoutes);
        Assert.Contains("GET /api/admin/keys", checkedRoutes);
        Assert.Contains("PUT /api/admin/users/{id:guid}/roles/admin", checkedRoutes);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData(GatewayPolicies.GatewayKey, GatewayAuthSchemes.GatewayKey)]
    [InlineData(GatewayPolicies.Admin, GatewayAuthSchemes.AdminApi)]
    [InlineData(GatewayPolicies.AdminKey, GatewayAuthSchemes.AdminApiKeys)]
    public async Task GatewayPolicies_EachAuthenticateWithTheirSurfacesSchemeAlone(string policyName, string scheme)
    {
        var policy = await fixture.Host.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(policyName);

        // One scheme, so a refusal is answered once, in that surface's format.
        Assert.NotNull(policy);
        Assert.Equal([scheme], policy.AuthenticationSchemes);
    }

    /// <summary>What the type, its nested types (async state machines, lambdas) and their members use of <see cref="CredentialReaders"/>.</summary>
    private static IEnumerable<string> CredentialReadsOf(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(declared).Where(field => ReadsCredentials(field.FieldType)))
        {
            yield return $"a field of type {field.FieldType.Name}";
        }

        foreach (var method in type.GetMethods(declared).Cast<MethodBase>().Concat(type.GetConstructors(declared)))
        {
            foreach (var parameter in method.GetParameters().Where(parameter => ReadsCredentials(parameter.ParameterType)))
            {
                yield return $"a parameter of type {parameter.ParameterType.Name} in {method.Name}";
            }

            foreach (var member in MembersUsedBy(method).Where(member => ReadsCredentials(member)))
            {
                yield return $"{member.DeclaringType?.Name ?? ""}.{member.Name} in {method.Name}";
            }
        }

        foreach (var nested in type.GetNestedTypes(declared))
        {
            foreach (var read in CredentialReadsOf(nested))
            {
                yield return read;
            }
        }
    }

    private static bool ReadsCredentials(Type type) =>
        CredentialReaders.Contains(type) || (type.IsGenericType && type.GetGenericArguments().Any(ReadsCredentials));

    private static bool ReadsCredentials(MemberInfo member) => member switch
    {
        Type type => ReadsCredentials(type),
        MethodInfo method => ReadsCredentials(method.DeclaringType!) || (method.IsGenericMethod && method.GetGenericArguments().Any(ReadsCredentials)),
        FieldInfo field => ReadsCredentials(field.DeclaringType!) || ReadsCredentials(field.FieldType),
        _ => member.DeclaringType is { } declaring && ReadsCredentials(declaring),
    };

    /// <summary>The methods, fields and types a method's IL refers to (calls, <c>typeof</c>, field reads).</summary>
    private static IEnumerable<MemberInfo> MembersUsedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } generic ? generic.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            var value = (short)il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }

            var code = OpCodesByValue[value];
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    var member = Resolve(method.Module, token, typeArguments, methodArguments);
                    if (member is not null)
                    {
                        yield return member;
                    }

                    break;
                case OperandType.InlineSwitch:
                    position += 4 + (4 * BitConverter.ToInt32(il, position));
                    break;
                default:
                    position += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        try
        {
            return module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return null; // a member of an open generic this method does not close
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>An endpoint filter that authenticates, resolving the key authenticator itself: the check must find it.</summary>
    private sealed class AuthenticatingFilter : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var keys = context.HttpContext.RequestServices.GetRequiredService<KeyAuthenticator>();
            return await keys.TryAuthenticateAsync(context.HttpContext.Request) is null ? Results.Unauthorized() : await next(context);
        }
    }
}
