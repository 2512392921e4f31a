; The Windows installer of Authtray, built on Linux with Debian's makensis
; (scripts/xplat/package-windows.sh). Tauri's own NSIS bundler downloads
; NSIS and its plugins from GitHub at build time, which this build machine
; cannot; this script does what that one does for a per-user install.
;
; Per user, no administrator: %LOCALAPPDATA%\Programs\Authtray, a Start
; menu entry, an uninstaller listed in "Installed apps" (HKCU). The window
; needs the WebView2 runtime, which Windows 11 and updated Windows 10 have.
;
; makensis -DBIN=<dir with the three .exe and WebView2Loader.dll>
;          -DVERSION=<x.y.z> -DOUT=<setup .exe> [-DQUICK] authtray.nsi

Unicode true
Target amd64-unicode   ; a 64-bit installer for 64-bit programs (runs where wine32 does not)
!ifdef QUICK
  SetCompressor zlib          ; the installer test: quick, not small
!else
  SetCompressor /SOLID lzma
!endif
RequestExecutionLevel user

!ifndef BIN
  !error "-DBIN=<dir> is required"
!endif
!ifndef VERSION
  !error "-DVERSION=<x.y.z> is required"
!endif
!ifndef OUT
  !error "-DOUT=<setup .exe> is required"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Authtray"

Name "Authtray"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\Authtray"
InstallDirRegKey HKCU "Software\Authtray" "InstallDir"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Authtray"
VIAddVersionKey "FileDescription" "Authtray installer"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "Authtray contributors"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Authtray"
  ; A running tray holds authtray-tray.exe open: ask it to end first.
  nsExec::Exec 'taskkill /IM authtray-tray.exe'
  nsExec::Exec 'taskkill /IM authtray.exe'
  Sleep 500
  SetOutPath "$INSTDIR"
  File "${BIN}\authtray.exe"
  File "${BIN}\authtray-tray.exe"
  File "${BIN}\authtray-cli.exe"
  File "${BIN}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Authtray.lnk" "$INSTDIR\authtray.exe"
  WriteRegStr HKCU "Software\Authtray" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Authtray"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Authtray"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\authtray.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; Only what the installer put there: the agents' stores, Authtray's data
; folder and keyring entries are the user's and stay.
Section "Uninstall"
  nsExec::Exec 'taskkill /IM authtray-tray.exe'
  nsExec::Exec 'taskkill /IM authtray.exe'
  Sleep 500
  Delete "$INSTDIR\authtray.exe"
  Delete "$INSTDIR\authtray-tray.exe"
  Delete "$INSTDIR\authtray-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Authtray.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Authtray"
SectionEnd
