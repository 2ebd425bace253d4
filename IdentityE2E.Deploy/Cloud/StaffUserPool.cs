using Amazon.CDK;
using Amazon.CDK.AWS.Cognito;
using Constructs;
using IdentityE2E.Deploy.Environments;

namespace IdentityE2E.Deploy.Cloud;

/// <summary>
/// The Cognito user pool of an environment's staff: accounts are made by an administrator, never by
/// sign-up, and every sign-in is a strong password plus, by the environment's setting, an authenticator
/// code. Threat protection blocks sign-ins with leaked passwords or a high risk.
/// </summary>
internal static class StaffUserPool
{
    public const int MinimumPasswordLength = 12;

    public static UserPool Create(Construct scope, EnvironmentSettings settings, string? publicUrl)
    {
        var pool = new UserPool(scope, "Pool", new UserPoolProps
        {
            UserPoolName = $"{Naming.Application}-{settings.Name}-staff",
            // Staff only: an administrator creates each account (admin-create-user), nobody signs up.
            SelfSignUpEnabled = false,
            SignInAliases = new SignInAliases { Username = true, Email = true },
            SignInCaseSensitive = false,
            AutoVerify = new AutoVerifiedAttrs { Email = true },
            StandardAttributes = new StandardAttributes { Email = new StandardAttribute { Required = true, Mutable = true } },
            PasswordPolicy = new PasswordPolicy
            {
                MinLength = MinimumPasswordLength,
                RequireLowercase = true,
                RequireUppercase = true,
                RequireDigits = true,
                RequireSymbols = true,
                TempPasswordValidity = Duration.Days(3),
            },
            Mfa = settings.Mfa == MfaMode.Required ? Mfa.REQUIRED : Mfa.OPTIONAL,
            // An authenticator app only: SMS codes can be intercepted (SIM swap) and cost per message.
            MfaSecondFactor = new MfaSecondFactor { Otp = true, Sms = false },
            AccountRecovery = AccountRecovery.EMAIL_ONLY,
            AdvancedSecurityMode = AdvancedSecurityMode.ENFORCED,
            DeletionProtection = settings.DeletionProtection,
            // The accounts of the staff are not re-creatable from code: kept where deletion is protected.
            RemovalPolicy = settings.DeletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            UserInvitation = new UserInvitationConfig
            {
                EmailSubject = $"Your {Naming.Application} account",
                EmailBody = $"You have a staff account for {Naming.Application}. User name: {{username}}. Temporary password: {{####}}. " +
                    $"{(publicUrl is null ? string.Empty : $"Sign in at {publicUrl} ")}within 3 days; you then choose your own password" +
                    (settings.Mfa == MfaMode.Required ? " and set up an authenticator app." : "."),
            },
        });

        // Threat protection (AdvancedSecurityMode) needs the Plus feature plan. CDK 2.160 predates the
        // UserPoolTier property (and the L2's featurePlan), so it is set on the L1 resource.
        ((CfnUserPool)pool.Node.DefaultChild!).AddPropertyOverride("UserPoolTier", "PLUS");
        if (settings.Mfa == MfaMode.Optional)
        {
            Nag.Acknowledge(pool, new NagRule("AwsSolutions-COG2", $"The '{settings.Name}' environment sets \"mfa\": \"optional\" so that test accounts can sign in without an authenticator app; prod requires it."));
        }

        return pool;
    }
}
