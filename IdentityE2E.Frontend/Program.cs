using IdentityE2E.Frontend.Components;
using IdentityE2E.Frontend.DataProtection;
using IdentityE2E.Frontend.Identities;
using IdentityE2E.Frontend.Security;
using IdentityE2E.Frontend.SignIn;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorComponents();
builder.AddBackendClient();
builder.AddSharedKeyRing();
builder.AddWebTierSecurity();
builder.AddSignIn();

var app = builder.Build();

app.UseWebTierSecurity();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>();
app.MapSignIn();
app.MapDefaultEndpoints();

app.Run();

public partial class Program;
