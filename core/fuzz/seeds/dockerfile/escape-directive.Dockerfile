# escape=`
# check=skip=JSONArgsRecommended
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Write-Host `
    'hello' `
    ; Get-ChildItem C:\
COPY C:\src\ C:\app\
WORKDIR C:\app
