using Hangfire;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.IdentityModel.Tokens;
using Microsoft.OpenApi;
using SmsCallback.Api.Endpoints;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Api.Web;
using SmsCallback.Api.Webhooks;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure;

namespace SmsCallback.Api;

public static class DependencyInjection
{
    /// <summary>The HTTP side. Generated secrets (signing key, webhook secret) come from <see cref="IInstanceSecrets"/> when first
    /// resolved; nothing is read back from the service collection.</summary>
    public static IServiceCollection AddApi(this IServiceCollection services, IConfiguration configuration)
    {
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        if (jwt.SigningKey is { Length: > 0 and < 32 }) throw new InvalidOperationException("Jwt:SigningKey needs at least 32 characters.");
        services.AddSingleton(jwt);
        services.AddSingleton(sp => JwtTokenIssuer.KeyFrom(jwt.SigningKey is { Length: >= 32 } k ? k
            : sp.GetRequiredService<IInstanceSecrets>().GetOrCreate("jwt-signing.key", () => RandomToken(64)).Value));
        services.AddSingleton<ITokenIssuer, JwtTokenIssuer>();

        services.AddAuthentication(Web.SiteAuthentication.DefaultScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                RoleClaimType = System.Security.Claims.ClaimTypes.Role,
                NameClaimType = "name",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            o.Events = new JwtBearerEvents
            {
                // A token lives only while its account is active and its security stamp unchanged (docs/adr/0017-sign-in-lockout-and-security-stamp.md).
                OnTokenValidated = async context =>
                {
                    if (!await SessionStamp.IsCurrentAsync(context.Principal, context.HttpContext)) context.Fail("The session has ended; sign in again.");
                },
            };
        }).AddDashboardCookie().AddSiteCookie();
        services.AddSite();
        // Lifetimes are checked on the same clock that issued the token (the service's TimeProvider), not the machine's.
        services.AddOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SymmetricSecurityKey>((o, key) => o.TokenValidationParameters.IssuerSigningKey = key)
            .Configure<TimeProvider>((o, clock) => o.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is not { } nbf || nbf <= now + parameters.ClockSkew) && (expires is not { } exp || now - parameters.ClockSkew < exp);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Client, p => p.RequireRole(Roles.Client))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddSignInRateLimit(configuration);

        // Every problem answer carries the request's trace identifier, the correlation id the exception handler logs.
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions[ProblemDetailsExceptionHandler.CorrelationIdMember] = context.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo { Title = "SmsCallback API", Version = "v1" });
            o.AddSecurityDefinition("Bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from POST /api/auth/token.",
            });
            o.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        });

        services.AddSingleton(sp => new GenericWebhookSecret(configuration["Sms:Generic:Secret"] is { Length: > 0 } s ? s
            : sp.GetRequiredService<IInstanceSecrets>().GetOrCreate("generic-webhook.secret", () => RandomToken(32)) switch
            {
                (var value, true) => Announce(value),
                (var value, false) => value,
            }));
        return services;
    }

    private static string RandomToken(int bytes) => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));

    private static string Announce(string secret)
    {
        Console.WriteLine($"""

            SmsCallback: generated the secret of the generic SMS webhook (Sms__Generic__Secret).
              secret: {secret}
            Sign each request with X-Signature: sha256=<hex HMAC-SHA256(secret, body)>. This is shown only once.

            """);
        return secret;
    }

    public static async Task InitialiseAsync(this WebApplication app)
    {
        await app.Services.InitialiseDatabaseAsync(app.Lifetime.ApplicationStopping);
        app.Services.GetRequiredService<GenericWebhookSecret>(); // a generated secret is announced at start-up, not at the first webhook
        app.Services.GetRequiredService<SymmetricSecurityKey>();
    }

    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseSwagger(); // the API's description is public; every operation in it needs a token
        app.UseSwaggerUI();
        app.UseSiteAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter(); // per client address on the password endpoints (SignInRateLimit)
        app.UseDashboardSignInRedirect();

        // Every endpoint is either .Public(reason), or requires a role (EndpointAuthorizationTests checks the endpoint table).
        const string probes = "load balancers and orchestrators probe it; it reveals only Healthy/Unhealthy";
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = Operations.ObservabilityExtensions.IsTerseCheck }).Public(probes);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).Public(probes); // the process answers
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new AdminDashboardAuthorization()],
            DisplayStorageConnectionString = false,
        }).CallerCheckedByEndpoint(Roles.Admin); // the dashboard's own filter checks the admin role (401/403)

        app.MapEndpointGroups(); // every IEndpointGroup and IAdminEndpointGroup of this assembly
        app.MapSite(); // the website's Razor Pages (customer portal and operator console)
        return app;
    }
}
