using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.FileProviders;
using SmsCallback.Api.Infrastructure;

namespace SmsCallback.Api.Web;

/// <summary>The website: Razor Pages under <c>/</c> (landing and sign-in), <c>/my</c> (customers) and <c>/admin</c> (operators), static
/// assets from the app's own <c>wwwroot</c>, texts from <see cref="SiteText"/> (docs/website.md).</summary>
public static class SiteSetup
{
    /// <summary>The languages the site speaks; the first is the default. A new language is a <c>SiteText.&lt;culture&gt;.resx</c> and an entry here.</summary>
    public static readonly string[] Languages = ["en"];

    public static IServiceCollection AddSite(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true); // /my/callback/…, not the folders' /My/Callback/…
        services.AddRazorPages(o =>
        {
            // Every page decides its access: /my is for customers, /admin for operators, the start page is public (EndpointAuthorizationTests).
            o.Conventions.AuthorizeFolder("/My", Roles.Client);
            o.Conventions.AuthorizeFolder("/Admin", Roles.Admin);
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AddPageApplicationModelConvention("/Index",
                m => m.EndpointMetadata.Add(new PublicEndpoint("the website's start page, its sign-in form and sign-out")));
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AddPageApplicationModelConvention("/SignIn",
                m => m.EndpointMetadata.Add(new PublicEndpoint("the sign-in itself (rate-limited per address, locked out per login)")));
            o.Conventions.ConfigureFilter(new SecurityHeaders());
        });
        return services;
    }

    /// <summary>Static files first (they need no sign-in), then the request's language.</summary>
    public static IApplicationBuilder UseSiteAssets(this IApplicationBuilder app) => app
        .UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")) })
        .UseRequestLocalization(o =>
        {
            var cultures = Languages.Select(CultureInfo.GetCultureInfo).ToList();
            o.DefaultRequestCulture = new RequestCulture(cultures[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
        });

    public static void MapSite(this IEndpointRouteBuilder app) => app.MapRazorPages();

    /// <summary>Pages load scripts and styles from the site only and may not be framed.</summary>
    private sealed class SecurityHeaders : IResultFilter
    {
        public void OnResultExecuting(ResultExecutingContext context)
        {
            if (context.HttpContext.Response.HasStarted) return;
            var headers = context.HttpContext.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
        }

        public void OnResultExecuted(ResultExecutedContext context)
        {
        }
    }
}

/// <summary>The website's texts: <c>SiteText.resx</c> (English) and one <c>SiteText.&lt;culture&gt;.resx</c> per further language.</summary>
public sealed class SiteText;
