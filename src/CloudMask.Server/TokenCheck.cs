using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Http;

namespace CloudMask.Server;

/// <summary>
/// The token rule: with a token set, every request but reading results (GET under /stac, GET of a
/// job's files, the health check) must carry it as "Authorization: Bearer TOKEN" (or, for the
/// dashboard in a browser, the cloudmask_token cookie).
/// </summary>
public sealed class TokenCheck(string? token)
{
    public bool Required => !string.IsNullOrEmpty(token);

    public static bool IsOpenToAll(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            ? request.Path.StartsWithSegments("/stac") || request.Path.StartsWithSegments("/api/health") || request.Path.StartsWithSegments(ServerApp.ViewerPath)
              || (request.Path.StartsWithSegments("/api/jobs") && request.Path.Value!.Contains("/files/", StringComparison.Ordinal))
            : false;

    /// <summary>Null when the request may pass; else what is wrong (missing or wrong token).</summary>
    public string? Check(HttpRequest request)
    {
        if (!Required || IsOpenToAll(request)) return null;
        var given = request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
            ? header[7..].Trim() : request.Cookies["cloudmask_token"];
        if (string.IsNullOrEmpty(given)) return "this server needs a token: send \"Authorization: Bearer TOKEN\"";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token!)) ? null : "wrong token";
    }

    /// <summary>The same rule for Hangfire's dashboard.</summary>
    public sealed class Dashboard(TokenCheck check) : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => check.Check(context.GetHttpContext().Request) is null;
    }
}
