using IdentityE2E.Frontend.Components;
using IdentityE2E.Frontend.DataProtection;
using IdentityE2E.Frontend.Identities;
using IdentityE2E.Frontend.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents();
builder.AddBackendClient();
builder.AddSharedKeyRing();
builder.AddWebTierSecurity();

var app = builder.Build();

app.UseWebTierSecurity();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
