using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IdentityE2E.Tests.Infrastructure;

/// <summary>Starts an app under test on a real Kestrel at a free loopback port.</summary>
public static class LoopbackKestrel
{
    public static void StartOnLoopbackKestrel<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        // Not UseKestrel(0): that sets the port after the app has begun to start itself, and loses the race
        // now and then (dotnet/aspnetcore#67714). A listen option is applied before Kestrel binds.
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
    }
}
