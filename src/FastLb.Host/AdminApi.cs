using System.Text.Json;
using FastLb.Reconciler;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FastLb.Host;

/// <summary>
/// The admin API under /v1, served only on the admin socket: reads open (status, services,
/// reals, health), writes with the bearer token (drain, undrain, weight, reload). A bad request
/// gets a 4xx and a reason, and changes nothing.
/// </summary>
public static class AdminApi
{
    public static void Map(WebApplication app, ControllerService service, AdminToken token, AdminEndpoint admin)
    {
        var instance = admin.Instance;
        var rates = new RateTracker();
        var realRates = new RateTracker();
        var v1 = app.MapGroup("/v1").AddEndpointFilter(async (ctx, next) =>
        {
            // Only on the admin listener (the unix socket, or `admin:`): the metrics port never serves it.
            var local = ctx.HttpContext.Connection;
            if (admin.Address is null ? local.LocalIpAddress is not null : local.LocalPort != admin.Address.Port || local.LocalIpAddress is null || !System.Net.IPAddress.IsLoopback(local.LocalIpAddress))
            {
                return Results.NotFound();
            }
            if (service.Controller is null)
            {
                return Results.Json(new AdminViews.Outcome(false, "the controller is starting", []), statusCode: 503);
            }
            if (HttpMethods.IsPost(ctx.HttpContext.Request.Method) && !token.Accepts(ctx.HttpContext.Request.Headers.Authorization))
            {
                return Results.Json(new AdminViews.Outcome(false, $"writes need 'Authorization: Bearer TOKEN' with the token in {token.Path}", []), statusCode: 401);
            }
            return await next(ctx);
        });

        v1.MapGet("/status", () => Results.Json(AdminViews.StatusOf(service.Controller!, instance)));
        v1.MapGet("/services", () =>
        {
            var c = service.Controller!;
            return Results.Json(AdminViews.ServicesOf(c, c.ReadStats(), rates));
        });
        v1.MapGet("/reals", () =>
        {
            var c = service.Controller!;
            return Results.Json(AdminViews.RealsOf(c, c.ReadStats(), realRates));
        });
        v1.MapGet("/health", () => Results.Json(AdminViews.HealthOf(service.Controller!)));

        v1.MapPost("/services/{svc}/reals/{real}/drain", (string svc, string real) =>
            Write(() => service.Controller!.SetDrained(svc, real, true), $"{svc}/{real} drained: its flows stay, new flows go elsewhere"));
        v1.MapPost("/services/{svc}/reals/{real}/undrain", (string svc, string real) =>
            Write(() => service.Controller!.SetDrained(svc, real, false), $"{svc}/{real} undrained"));
        v1.MapPost("/services/{svc}/reals/{real}/weight", async (string svc, string real, HttpRequest request) =>
        {
            int? weight;
            try
            {
                using var body = await JsonDocument.ParseAsync(request.Body);
                weight = body.RootElement.TryGetProperty("weight", out var w)
                    ? w.ValueKind == JsonValueKind.Null ? null : w.GetInt32()
                    : throw new FormatException("the body needs a 'weight' (a number, or null for the configured weight)");
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                return Results.Json(new AdminViews.Outcome(false, $"bad request: {e.Message}", []), statusCode: 400);
            }
            return Write(() => service.Controller!.SetWeight(svc, real, weight), $"{svc}/{real} weight {weight?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "as configured"}");
        });
        v1.MapPost("/reload", () =>
        {
            var errors = service.TryReload();
            return errors.Count == 0
                ? Results.Json(new AdminViews.Outcome(true, $"reloaded {service.Startup.Path}", []))
                : Results.Json(new AdminViews.Outcome(false, "config refused, the running config stays", errors), statusCode: 422);
        });
    }

    private static IResult Write(Action action, string done)
    {
        try
        {
            action();
            return Results.Json(new AdminViews.Outcome(true, done, []));
        }
        catch (KeyNotFoundException e)
        {
            return Results.Json(new AdminViews.Outcome(false, e.Message, []), statusCode: 404);
        }
        catch (ArgumentOutOfRangeException e)
        {
            return Results.Json(new AdminViews.Outcome(false, e.Message, []), statusCode: 400);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new AdminViews.Outcome(false, e.Message, []), statusCode: 409);
        }
    }
}
