using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using ShopPortal.Data;
using ShopPortal.Services;

namespace ShopPortal.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Setting up an authenticator app, in place of the Identity UI's page: that one shows no QR code (it asks the
/// developer to add a QR library) and names the account "Microsoft.AspNetCore.Identity.UI" in the app. Here the QR
/// code is drawn on the server, and the app lists the account under the shop's name.
/// </summary>
[Authorize]
public sealed class EnableAuthenticatorModel(UserManager<ShopUser> users, ShopProfile profile, ILogger<EnableAuthenticatorModel> logger) : PageModel
{
    public string SharedKey { get; private set; } = "";
    public string AuthenticatorUri { get; private set; } = "";
    public string Issuer { get; private set; } = "";
    public string QrCodePng { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public CodeInput Input { get; set; } = new();

    public sealed class CodeInput
    {
        [Required(ErrorMessage = "Enter the 6-digit code your authenticator app shows.")]
        [RegularExpression(@"^\s*\d{3}[\s-]?\d{3}\s*$", ErrorMessage = "The code is the 6 digits your authenticator app shows.")]
        [Display(Name = "Verification code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        await LoadAsync(user, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }
        if (ModelState.IsValid)
        {
            var code = string.Concat(Input.Code.Where(char.IsAsciiDigit));
            if (await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await users.SetTwoFactorEnabledAsync(user, true);
                logger.LogInformation("User {UserId} turned on sign-in with an authenticator app", user.Id);
                StatusMessage = "Your authenticator app has been verified.";
                if (await users.CountRecoveryCodesAsync(user) == 0)
                {
                    TempData["RecoveryCodes"] = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToArray();
                    return RedirectToPage("./ShowRecoveryCodes");
                }
                return RedirectToPage("./TwoFactorAuthentication");
            }
            ModelState.AddModelError("Input.Code", "That is not the code your authenticator app shows now. Codes change every 30 seconds: enter the newest one.");
        }
        await LoadAsync(user, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(ShopUser user, CancellationToken cancellationToken)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("Identity stored no authenticator key.");
        }
        SharedKey = string.Join(' ', key.Chunk(4).Select(group => new string(group))).ToLowerInvariant();
        Issuer = (await profile.GetAsync(cancellationToken)).ShopName;
        var account = await users.GetEmailAsync(user) ?? user.UserName ?? user.Id;
        // Key URI format (Google Authenticator's, which the other apps follow): label "issuer:account", issuer repeated.
        AuthenticatorUri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(AuthenticatorUri, QRCodeGenerator.ECCLevel.M);
        QrCodePng = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(4));
    }
}
