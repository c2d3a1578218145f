; Inno Setup 6 script for Screenwright on Windows.
;
; Built by `python installer\build.py windows`, which runs PyInstaller first and then:
;   iscc /DAppVersion=0.1.0 /DDistDir=build\installer\pyinstaller\screenwright
;        /DIconFile=build\installer\icons\screenwright.ico /DOutputDir=dist installer\windows\screenwright.iss
;
; Per-user install by default (no administrator prompt; writers on managed laptops can install it),
; with the option to install for all users. Registers .fountain (and .spmd) with Screenwright the
; way Inno Setup's own wizard does: a ProgID under Software\Classes plus OpenWithProgids, so an
; existing choice of editor is offered, not overwritten, and uninstalling removes only our keys.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\..\build\installer\pyinstaller\screenwright"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\installer\icons\screenwright.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "Screenwright"
#define AppExeName "Screenwright.exe"
#define AppProgId "Screenwright.Fountain.1"

[Setup]
; AppId identifies the app across upgrades: never change it.
AppId={{6F1C7A52-3B8E-4C4D-9C7B-1F4E2A9D5B31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Screenwright developers
AppPublisherURL=https://fountain.io
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=Screenwright-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExeName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Qt 6.11 supports Windows 10 1809 (build 17763) and later.
MinVersion=10.0.17763

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole PyInstaller one-folder app: Screenwright.exe (windowed), screenwright-cli.exe (console,
; for `screenwright-cli export FILE --to pdf`), and _internal\ with Python, Qt, onnxruntime-genai,
; the fonts and the default model.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; File association for .fountain and .spmd (HKA = HKCU for a per-user install, HKLM for all users).
Root: HKA; Subkey: "Software\Classes\.fountain\OpenWithProgids"; ValueType: string; ValueName: "{#AppProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\.fountain"; ValueType: string; ValueName: "Content Type"; ValueData: "text/x-fountain"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.fountain"; ValueType: string; ValueName: "PerceivedType"; ValueData: "text"; Flags: createvalueifdoesntexist
Root: HKA; Subkey: "Software\Classes\.spmd\OpenWithProgids"; ValueType: string; ValueName: "{#AppProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#AppProgId}"; ValueType: string; ValueName: ""; ValueData: "Fountain Screenplay"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#AppProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"
Root: HKA; Subkey: "Software\Classes\{#AppProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: ".fountain"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: ".spmd"; ValueData: ""

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
