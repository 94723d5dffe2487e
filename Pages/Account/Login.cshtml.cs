using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopPortal.Data;

namespace ShopPortal.Pages.Account;

/// <summary>
/// Staff sign-in. Replaces the Identity UI page, which offers self-registration and does not count
/// failed attempts toward lockout.
/// </summary>
[AllowAnonymous]
public class LoginModel(SignInManager<ShopUser> signIn) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    public class LoginInput
    {
        [Required, EmailAddress]
        public string Email { get; set; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl ?? "/";
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl ?? "/";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/LoginWith2fa", new { area = "Identity", returnUrl = ReturnUrl, rememberMe = Input.RememberMe });
        }
        if (result.IsLockedOut)
        {
            return RedirectToPage("/Account/Lockout", new { area = "Identity" });
        }
        ModelState.AddModelError("", "Invalid login attempt.");
        return Page();
    }
}
