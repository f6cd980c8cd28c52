# Installs safeguide on Windows: downloads the release, checks its SHA-256 checksum and puts
# safeguide.exe in %LOCALAPPDATA%\safeguide\bin, adding that folder to your PATH.
#   powershell -ExecutionPolicy Bypass -c "irm <releases>/latest/download/safeguide-installer.ps1 | iex"
$ErrorActionPreference = 'Stop'
$version = if ($env:SAFEGUIDE_VERSION) { $env:SAFEGUIDE_VERSION } else { '@VERSION@' }
$releases = if ($env:SAFEGUIDE_RELEASES) { $env:SAFEGUIDE_RELEASES } else { '@RELEASES@' }
$dest = Join-Path $env:LOCALAPPDATA 'safeguide\bin'
$archive = 'safeguide-x86_64-pc-windows-msvc.zip'

$work = Join-Path ([System.IO.Path]::GetTempPath()) ([System.Guid]::NewGuid())
New-Item -ItemType Directory -Path $work | Out-Null
try {
    Write-Host "Downloading safeguide $version"
    Invoke-WebRequest -UseBasicParsing -Uri "$releases/v$version/$archive" -OutFile (Join-Path $work $archive)
    Invoke-WebRequest -UseBasicParsing -Uri "$releases/v$version/$archive.sha256" -OutFile (Join-Path $work 'sum')
    $expected = ((Get-Content (Join-Path $work 'sum') -Raw) -split '\s+')[0].ToLower()
    $actual = (Get-FileHash -Algorithm SHA256 (Join-Path $work $archive)).Hash.ToLower()
    if ($expected -ne $actual) { throw 'The download does not match its checksum: nothing was installed. Try again later.' }
    Expand-Archive -Path (Join-Path $work $archive) -DestinationPath (Join-Path $work 'unpacked')
    New-Item -ItemType Directory -Force -Path $dest | Out-Null
    Copy-Item (Join-Path $work 'unpacked\safeguide.exe') (Join-Path $dest 'safeguide.exe') -Force
} finally {
    Remove-Item -Recurse -Force $work
}
$path = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not ($path -split ';' -contains $dest)) {
    [Environment]::SetEnvironmentVariable('Path', "$dest;$path", 'User')
    Write-Host "Added $dest to your PATH: close PowerShell and open it again so that it finds safeguide."
}
& (Join-Path $dest 'safeguide.exe') --version
