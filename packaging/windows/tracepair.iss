; Inno Setup script: dist\tracepair\ (the PyInstaller bundle) -> dist\Tracepair-Setup-<version>.exe
;
;   iscc /DAppVersion=0.1.0 packaging\windows\tracepair.iss
;
; The release workflow passes AppVersion from tracepair.__version__. Paths are relative to
; this file. Installs per user or for all users (the user chooses), adds a Start-menu entry
; and an uninstaller, and, if the user ticks the box, opens .jsonl files with Tracepair and
; lists it under "Open with" for .json (Windows matches only the last extension, so a
; .trace.json file is a .json file to Windows: Tracepair is offered, never forced, there).

#define AppName "Tracepair"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppPublisher "The Tracepair developers"
#define GuiExe "tracepairw.exe"
#define BundleDir "..\..\dist\tracepair"
#define ProgId "Tracepair.Document"

[Setup]
AppId={{6C1B8E52-3F0D-4B7A-9E21-7A5D0C4F9B13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=Tracepair-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\tracepair.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open .jsonl files with Tracepair, and offer it for .json (.trace.json) files"; GroupDescription: "File associations:"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Forensic side-by-side comparison of LLM outputs"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Registry]
; The document type Tracepair opens: "tracepairw.exe A" puts the file on the left side.
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "Trace or output set (Tracepair)"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: associate
; .jsonl: Tracepair becomes the default program.
Root: HKA; Subkey: "Software\Classes\.jsonl"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.jsonl\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
; .json (and so .trace.json): only listed under "Open with"; the user's editor stays the default.
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".jsonl"; ValueData: ""; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""; Tasks: associate

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
